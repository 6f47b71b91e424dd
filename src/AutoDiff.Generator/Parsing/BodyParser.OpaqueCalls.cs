using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

// Calls of methods the generator does not differentiate (an integer helper such as factorial(n), targets.Sum() or
// targets.Sum(t => (t - mean) * (t - mean)) over constant data): they are constants of the derivative, so they run as
// written, once, where C# runs them. Whether a call may be one depends on its arguments' activity, which is known only
// once the whole body is (see ReportActiveOpaqueArguments).
internal sealed partial class BodyParser
{
    // Lambda parameters in scope, by symbol, and the name each has in the generated code.
    private readonly Dictionary<IParameterSymbol, VariableExpr> _lambdaParameters = new(SymbolEqualityComparer.Default);

    // Depth of lambda bodies being parsed: there a call is printed inline, as part of the lambda, and nothing is hoisted.
    private int _lambdaDepth;

    // Every opaque call, with what it reads, checked once the whole body is known.
    private readonly List<(IReadOnlyList<Expr> Reads, ValueKind Result, IInvocationOperation Call)> _opaqueCalls = new();

    // Every field and property the method reads (as declared), and the differentiable methods it calls (whose
    // derivatives read what they read), for ReportOpaqueWrites.
    private readonly HashSet<ISymbol> _membersRead = new(SymbolEqualityComparer.Default);
    private readonly List<IMethodSymbol> _differentiableCallees = new();

    /// <summary>
    /// Whether <paramref name="invocation"/> calls a method the generator runs as written instead of differentiating:
    /// no derivative rule, <c>[Differentiable]</c> or <c>[CustomDerivative]</c> makes it differentiable, and it returns
    /// a value (see <see cref="CallResolver.IsOpaque"/>). Slices are views, not values, and are never opaque.
    /// </summary>
    private bool IsOpaqueCall(IInvocationOperation invocation) =>
        DerivativeRules.Function(invocation.TargetMethod.Name, DeclaringTypeOf(invocation.TargetMethod)) is null
        && !IsDoublePredicate(invocation.TargetMethod)
        && !ConstructNames.IsSlice(invocation)
        && _calls.IsOpaque(invocation.TargetMethod);

    /// <summary>
    /// A call of a method that is not differentiated, as a local assigned right here (or inline, in a lambda's body): its
    /// result has no derivative, which ReportActiveOpaqueArguments makes sure is true.
    /// </summary>
    /// <param name="convertedTo">The kind its result is converted to right away (a <c>ulong</c> converted to <c>double</c>), if not its own.</param>
    private Expr? ParseOpaqueCall(IInvocationOperation invocation, ValueKind? convertedTo = null)
    {
        var target = invocation.TargetMethod;
        if ((convertedTo ?? ClassifyValue(target.ReturnType)) is not { } resultKind || !resultKind.IsScalar())
        {
            return Unsupported(
                DiagnosticDescriptors.UnsupportedCall,
                invocation,
                ConstructNames.Fix(invocation)
                    ?? $"'{target.Name}' is not [Differentiable] and returns '{target.ReturnType.ToDisplayString()}'; only the number and bool results of such calls can be used");
        }

        if (target.TypeArguments.Any(t => t.IsAnonymousType))
        {
            return Unsupported(DiagnosticDescriptors.UnsupportedCall, invocation, "its type arguments include an anonymous type; name the type");
        }

        var written = InEvaluationOrder(invocation.Arguments);
        foreach (var argument in written)
        {
            if (argument.Parameter is { } parameter && IsCollection(argument.Value) && !IsReadOnlyCollection(parameter.Type))
            {
                // The method could write into the array, and the reverse sweep reads arrays as they are then.
                Unsupported(
                    DiagnosticDescriptors.UnsupportedCall,
                    argument.Value,
                    $"array argument '{SourceText.OneLine(argument.Value.Syntax)}' of '{target.Name}', which is not [Differentiable] and takes it as '{parameter.Type.ToDisplayString()}'",
                    "take the parameter as ReadOnlySpan<T> or IEnumerable<T> so it cannot be written, or mark the method [Differentiable]");
                return null;
            }
        }

        var values = ParseInOrder(written.Select(a => WithoutReferenceConversion(a.Value)).ToList(), ParseOpaqueArgument);
        if (values is null)
        {
            return null;
        }

        // Passed in the parameters' order, as the method declares them (an enum as the enum); type arguments spelled out.
        var passed = new List<Expr>();
        foreach (var (argument, value) in written.Zip(values, (a, v) => (a, v)).OrderBy(p => p.a.Parameter?.Ordinal ?? 0))
        {
            if (AsEnumArgument(argument, value) is not { } asPassed)
            {
                return null;
            }

            passed.Add(asPassed);
        }

        var arguments = passed.ToEquatableArray();
        string typeArguments = target.IsGenericMethod
            ? "<" + string.Join(", ", target.TypeArguments.Select(t => t.ToDisplayString(TypeClassifier.QualifiedFormat))) + ">"
            : string.Empty;
        string method = target.ContainingType.ToDisplayString(TypeClassifier.QualifiedFormat) + "." + Emit.Identifiers.Escape(target.Name) + typeArguments;
        var call = new OpaqueCallExpr(method, arguments, resultKind);
        _opaqueCalls.Add((arguments.Select(a => a is LambdaExpr lambda ? lambda.Body : a).ToList(), resultKind, invocation));
        if (_lambdaDepth > 0)
        {
            return call;
        }

        if (_hoistTarget is null)
        {
            // HasSideEffects counts opaque calls, so every place that can take one has somewhere to put it.
            return Unsupported(DiagnosticDescriptors.UnsupportedCall, invocation, "assign its result to a local in a statement of its own first");
        }

        // Named after the method (Binomial's result is 'binomial').
        string result = SyntheticLocal(char.ToLowerInvariant(target.Name[0]) + target.Name.Substring(1), resultKind);
        _hoistTarget.Add(new AssignStatement(result, resultKind, call, Declare: false));
        return new VariableExpr(result, resultKind);
    }

    private Expr? ParseOpaqueArgument(IOperation argument) =>
        ConstructNames.LambdaOf(argument) is { } lambda ? ParseLambda(lambda) : ParseExpression(argument);

    /// <summary>
    /// A lambda passed to an opaque call: one expression (or one <c>return</c>) over its own parameters, constants and the
    /// method's variables, printed as written. Its parameters take names no local has.
    /// </summary>
    private Expr? ParseLambda(IAnonymousFunctionOperation lambda)
    {
        if (lambda.Body.Operations.Length != 1 || lambda.Body.Operations[0] is not IReturnOperation { ReturnedValue: { } returned })
        {
            return Unsupported(
                DiagnosticDescriptors.UnsupportedExpression,
                lambda,
                "lambda with statements",
                "write the lambda as one expression (t => ...), or write a for loop");
        }

        var names = new List<string>();
        foreach (var parameter in lambda.Symbol.Parameters)
        {
            string name = UniqueName(parameter.Name);
            names.Add(name);
            _lambdaParameters[parameter] = new VariableExpr(name, ClassifyValue(parameter.Type) ?? ValueKind.Object);
        }

        _lambdaDepth++;
        try
        {
            return WithoutHoisting(() => ParseExpression(returned)) is { } body
                ? new LambdaExpr(names.ToEquatableArray(), body)
                : null;
        }
        finally
        {
            _lambdaDepth--;
        }
    }

    /// <summary>
    /// An opaque call's real result must not depend on a differentiable input: it would have a derivative nobody
    /// computes. An <c>int</c> or <c>bool</c> result may (a piecewise-constant function, like <c>(int)x</c>). The
    /// analysis is flow-insensitive, as for ADG0015.
    /// </summary>
    private void ReportActiveOpaqueArguments(IReadOnlyList<Statement> body)
    {
        if (!_opaqueCalls.Any(c => c.Result == ValueKind.Real))
        {
            return;
        }

        var varied = Activity.VariedVariables(body, _parameters.Values.Where(p => p.Role == ParameterRole.Differentiable).Select(p => p.Name));
        foreach (var (reads, result, call) in _opaqueCalls)
        {
            if (result == ValueKind.Real && reads.Any(read => Activity.IsVaried(read, varied)))
            {
                string fix = ConstructNames.IsLinq(call.TargetMethod)
                    ? "its result depends on the differentiable inputs; write a for loop over the elements"
                    : $"'{call.TargetMethod.Name}' is not [Differentiable] and its result depends on the differentiable inputs; "
                        + "mark it [Differentiable] so its derivative is generated, or write a pullback for it marked [CustomDerivative]";
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedCall, call.Syntax.GetLocation(), ConstructNames.Describe(call), fix));
            }
        }
    }

    /// <summary>
    /// An opaque call must not change a field or property the method reads, itself or through a differentiable callee:
    /// the reverse sweep reads members again, so it would see the new value where the forward computation saw the old
    /// one. Found in the methods' source (see <see cref="CalleeMembers"/>); flow-insensitive, as for ADG0015.
    /// </summary>
    private void ReportOpaqueWrites()
    {
        if (_opaqueCalls.Count == 0 || _opaqueCalls[0].Call.SemanticModel?.Compilation is not { } compilation)
        {
            return;
        }

        var read = new HashSet<ISymbol>(_membersRead, SymbolEqualityComparer.Default);
        foreach (var callee in _differentiableCallees.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default))
        {
            read.UnionWith(CalleeMembers.NamedBy(callee, compilation, _cancellationToken));
        }

        if (read.Count == 0)
        {
            return;
        }

        foreach (var call in _opaqueCalls.Select(c => c.Call).Distinct())
        {
            if (CalleeMembers.FirstWriteOf(call.TargetMethod, read, compilation, _cancellationToken) is var (member, writer))
            {
                string where = SymbolEqualityComparer.Default.Equals(writer, call.TargetMethod.OriginalDefinition) ? string.Empty : $" (in '{writer.Name}')";
                string name = member.ContainingType.Name + "." + member.Name;
                _diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedCall,
                    call.Syntax.GetLocation(),
                    ConstructNames.Describe(call),
                    $"'{call.TargetMethod.Name}' changes '{name}'{where}, which this method (or a [Differentiable] method it calls) reads, "
                        + $"and the derivative would read it again after the call; pass '{member.Name}' in as a [Constant] parameter instead, "
                        + $"or leave it unchanged in '{call.TargetMethod.Name}'"));
            }
        }
    }

    /// <summary>
    /// The argument itself where C# only converts its reference or makes a span of it (an array passed as an
    /// <c>IEnumerable&lt;double&gt;</c> or a <c>ReadOnlySpan&lt;double&gt;</c>): the call site converts it again.
    /// </summary>
    private static IOperation WithoutReferenceConversion(IOperation argument) =>
        argument is IConversionOperation { IsImplicit: true, OperatorMethod: null } conversion
            && ClassifyValue(conversion.Type) is null or ValueKind.RealArray
            && (conversion.Conversion.IsReference || IsCollection(conversion.Operand))
                ? conversion.Operand
                : argument;

    /// <summary>An array, a span or a collection whose elements can be written (a List&lt;T&gt;), under whatever conversion.</summary>
    private static bool IsCollection(IOperation operation)
    {
        var type = (operation is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : operation).Type;
        return type is IArrayTypeSymbol || ClassifyValue(type) == ValueKind.RealArray || TypeClassifier.IsDataCollection(type)
            || (type is not null && type.AllInterfaces.Any(i => i.Name is "ICollection" or "IList"));
    }

    /// <summary>A parameter type through which a callee cannot write elements: a read-only span or a read-only sequence interface.</summary>
    private static bool IsReadOnlyCollection(ITypeSymbol type) =>
        type is INamedTypeSymbol { IsGenericType: true } named
        && named.ContainingNamespace?.ToDisplayString() is "System" or "System.Collections.Generic"
        && named.Name is "ReadOnlySpan" or "IEnumerable" or "IReadOnlyList" or "IReadOnlyCollection";

    /// <summary>The types whose static methods the rule table knows, as a call's target is declared.</summary>
    private static DeclaringTypes DeclaringTypeOf(IMethodSymbol target) =>
        !target.IsStatic || target.ContainingType is not { } type ? DeclaringTypes.None
        : type.SpecialType == SpecialType.System_Double ? DeclaringTypes.Double
        : type.ToDisplayString() switch
        {
            "System.Math" => DeclaringTypes.Math,
            "AutoDiff.GammaFunctions" => DeclaringTypes.GammaFunctions,
            "MathNet.Numerics.SpecialFunctions" => DeclaringTypes.MathNetSpecialFunctions,
            _ => DeclaringTypes.None,
        };
}
