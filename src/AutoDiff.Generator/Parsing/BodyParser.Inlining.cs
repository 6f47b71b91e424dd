using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

// Calls of void [Differentiable] methods (the C out-parameter style: subtract(d, x, mu, xc)), span locals that name part
// of an array (ReadOnlySpan<double> c = cam.Slice(3)), and array parameters the method writes into.
internal sealed partial class BodyParser
{
    /// <summary>
    /// The parameters of a <c>void</c> callee whose body is being parsed in place of its call: each bound to what the call
    /// passed (a scalar to a local holding the argument's value, an array to the caller's array or a slice of it, data to
    /// the caller's expression), and its own locals' names.
    /// </summary>
    private sealed class InlineFrame(IMethodSymbol callee, Dictionary<string, Expr> parameters, IOperation? finalReturn)
    {
        public IMethodSymbol Callee { get; } = callee;

        public Dictionary<string, Expr> Parameters { get; } = parameters;

        /// <summary>The callee's last statement when it is a <c>return;</c>, which simply ends the inlined body.</summary>
        public IOperation? FinalReturn { get; } = finalReturn;
    }

    private InlineFrame? _frame;

    // Span locals that name elements of an array: 'ReadOnlySpan<double> c = cam.Slice(3)', never reassigned.
    private Dictionary<ILocalSymbol, Expr> _views = new(SymbolEqualityComparer.Default);

    // Arrays whose elements the method may write: its local arrays, its vector output, its copies of array parameters.
    private readonly HashSet<string> _writableArrays = new(StringComparer.Ordinal);

    // Array parameters the method writes into (directly or through a void callee), and the local copy it works on.
    private readonly Dictionary<string, string> _arrayCopies = new(StringComparer.Ordinal);

    // The void callees being inlined, outermost first (a callee that calls itself is refused).
    private readonly List<IMethodSymbol> _inlining = new();

    private const string VoidCallee = "a call of a void method";

    /// <summary>
    /// The method a statement <c>F(...);</c> calls, when it is a <c>void</c> <c>[Differentiable]</c> method whose body this
    /// method can run in place of the call; null when the statement is something else. <paramref name="problem"/> says why
    /// a void <c>[Differentiable]</c> callee cannot be (then the method returned is null too).
    /// </summary>
    private static MethodDeclarationSyntax? InlinableCallee(IInvocationOperation invocation, out string? problem)
    {
        problem = null;
        var target = invocation.TargetMethod;
        if (!target.ReturnsVoid || target.MethodKind != MethodKind.Ordinary
            || !target.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DifferentiableGenerator.DifferentiableAttributeName))
        {
            return null;
        }

        var definition = target.PartialImplementationPart ?? target.OriginalDefinition;
        if (target.IsGenericMethod || target.ContainingType.IsGenericType)
        {
            problem = "a generic void method cannot be differentiated through; make it non-generic";
        }
        else if (target.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            problem = "a void method with ref, in or out parameters cannot be differentiated through; pass arrays or spans, and return a double";
        }
        else if (target.IsAbstract || target.IsVirtual || (target.IsOverride && !target.IsSealed))
        {
            problem = "its body is chosen at run time (virtual dispatch); make it static or sealed";
        }
        else if (!target.IsStatic && invocation.Instance is not IInstanceReferenceOperation)
        {
            problem = "instance methods can only be called on 'this'; make the method static";
        }
        else if (definition.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not MethodDeclarationSyntax { } syntax
            || (syntax.Body is null && syntax.ExpressionBody is null))
        {
            problem = "its body is not in this compilation";
        }
        else
        {
            return syntax;
        }

        return null;
    }

    /// <summary>
    /// <c>F(args);</c> for a <c>void</c> <c>[Differentiable]</c> F: F's body, parsed here with its parameters bound to the
    /// arguments, so the writes F makes into the arrays passed to it are element writes of this method's arrays, which
    /// every mode differentiates exactly (an output read before it is written, written in part, or passed as an input too
    /// is then simply what the code does). Scalars are evaluated once, in the order written, into locals F may assign;
    /// arrays are passed as the caller's own arrays, or slices of them, with their offsets evaluated at the call.
    /// </summary>
    private void ParseInlinedCall(IInvocationOperation invocation, MethodDeclarationSyntax syntax, List<Statement> output)
    {
        var callee = invocation.TargetMethod;
        string name = callee.ContainingType.Name + "." + callee.Name;
        if (_inlining.Any(m => SymbolEqualityComparer.Default.Equals(m, callee.OriginalDefinition)))
        {
            Unsupported(DiagnosticDescriptors.UnsupportedStatement, invocation, $"recursive call of the void method '{name}'", "a void method is differentiated in place of its calls, so it cannot call itself; return a double, or loop");
            return;
        }

        var model = invocation.SemanticModel?.Compilation.GetSemanticModel(syntax.SyntaxTree);
        if (model?.GetOperation(syntax, _cancellationToken) is not IMethodBodyOperation body)
        {
            Unsupported(DiagnosticDescriptors.UnsupportedStatement, invocation, VoidCallee, $"the body of '{name}' could not be read");
            return;
        }

        if (OwnDescendants(body).Count() != body.Descendants().Count())
        {
            Unsupported(DiagnosticDescriptors.UnsupportedStatement, invocation, $"call of '{name}'", "a void method called from a [Differentiable] method cannot declare local functions or lambdas; make them methods of the type");
            return;
        }

        int diagnosticsBefore = _diagnostics.Count;
        _inlining.Add(callee.OriginalDefinition);
        var parameters = new Dictionary<string, Expr>(StringComparer.Ordinal);
        foreach (var argument in InEvaluationOrder(invocation.Arguments))
        {
            if (argument.Parameter is not { } parameter || BindArgument(parameter, argument.Value, output) is not { } bound)
            {
                if (_diagnostics.Count == diagnosticsBefore)
                {
                    Unsupported(DiagnosticDescriptors.UnsupportedExpression, argument.Value, $"argument of '{name}'", "pass a value, a parameter, a local array or a slice of one");
                }

                _inlining.RemoveAt(_inlining.Count - 1);
                return;
            }

            parameters[parameter.Name] = bound;
        }

        var block = body.BlockBody ?? body.ExpressionBody;
        var last = block?.Operations.LastOrDefault();
        var frame = new InlineFrame(callee.OriginalDefinition, parameters, last is IReturnOperation { ReturnedValue: null } ? last : null);
        var (outerFrame, outerNames, outerViews) = (_frame, _localNames, _views);
        (_frame, _localNames, _views) = (frame, new Dictionary<ILocalSymbol, string>(SymbolEqualityComparer.Default), new Dictionary<ILocalSymbol, Expr>(SymbolEqualityComparer.Default));
        var statements = new List<Statement>();
        try
        {
            if (block is not null)
            {
                ParseStatement(block, statements, withSourceComment: false);
            }
        }
        finally
        {
            (_frame, _localNames, _views) = (outerFrame, outerNames, outerViews);
            _inlining.RemoveAt(_inlining.Count - 1);
        }

        // What the callee's body cannot do here is reported at this call (in the callee's own file it may be fine).
        for (int i = diagnosticsBefore; i < _diagnostics.Count; i++)
        {
            var inner = _diagnostics[i];
            if (inner.Location.FilePath == LocationInfo.From(invocation.Syntax.GetLocation()).FilePath
                && invocation.Syntax.Span.Contains(inner.Location.Span))
            {
                continue;
            }

            var arguments = inner.Arguments.Items.ToArray();
            if (arguments.Length > 0)
            {
                arguments[0] += $" in '{name}' (which this call runs as part of this method)";
            }

            _diagnostics[i] = new DiagnosticInfo(inner.Id, LocationInfo.From(invocation.Syntax.GetLocation()), arguments.ToEquatableArray());
        }

        output.AddRange(statements);
    }

    /// <summary>What a callee's parameter stands for in its inlined body, or null (reported) when the argument cannot be passed.</summary>
    private Expr? BindArgument(IParameterSymbol parameter, IOperation argument, List<Statement> output)
    {
        var kind = ClassifyValue(parameter.Type);
        if (kind == ValueKind.RealArray)
        {
            var value = WithoutSpanConversion(argument);
            var array = IsSliceArgument(value) ? ParseSlice(value) : ParseExpression(value);
            return array switch
            {
                null => null,
                VariableExpr { Kind: ValueKind.RealArray } or MemberExpr { Kind: ValueKind.RealArray } => array,
                SliceExpr slice => Stable(slice, output),
                _ => Unsupported(DiagnosticDescriptors.UnsupportedExpression, argument, "pass a whole array or span (a parameter, a local or a field) or a slice of one"),
            };
        }

        if (kind is { } scalar && scalar.IsScalar())
        {
            // The callee's parameter is a local of its own, which it may assign: a copy of the argument.
            if (ParseExpression(argument) is not { } value)
            {
                return null;
            }

            string local = SyntheticLocal(parameter.Name, scalar);
            output.Add(new AssignStatement(local, scalar, ExprFactory.ConvertTo(value, scalar), Declare: false));
            return new VariableExpr(local, scalar);
        }

        // Data (a struct, a constant table): the caller's own parameter or field, read as it is.
        var data = ParseExpression(argument);
        return data is VariableExpr or MemberExpr or ThisExpr or null
            ? data
            : Unsupported(DiagnosticDescriptors.UnsupportedExpression, argument, "pass a parameter or a field of the caller for this argument");
    }

    /// <summary>A slice whose start and length are held in locals, so that it names the same elements however long it is used.</summary>
    private SliceExpr Stable(SliceExpr slice, List<Statement> output)
    {
        var start = slice.Start is LiteralExpr or VariableExpr ? slice.Start : Spill(slice.Start, output, "start");
        var length = slice.Length is null or LiteralExpr or VariableExpr ? slice.Length : Spill(slice.Length, output, "length");
        return slice with { Start = start, Length = length };
    }

    /// <summary><c>array[index]</c>, where <paramref name="array"/> may be a slice: its array's element at the offset.</summary>
    private static ElementExpr Element(Expr array, Expr index) => array is SliceExpr slice
        ? new ElementExpr(slice.Array, Offset(slice.Start, index))
        : new ElementExpr(array, index);

    /// <summary>The length of an array or of a slice (to the end of its array when it has no length of its own).</summary>
    private static Expr LengthOf(Expr array) => array is SliceExpr slice
        ? slice.Length ?? Integer(BinaryOperator.Subtract, new LengthExpr(slice.Array), slice.Start)
        : new LengthExpr(array);

    private static Expr Offset(Expr start, Expr index) => start is LiteralExpr { Value: 0 } ? index : Integer(BinaryOperator.Add, start, index);

    /// <summary>
    /// An element the method writes: of a local array, its output, or its copy of an array parameter. An element of
    /// anything else (an input it only reads, reached through a callee's parameter or a span local) is refused.
    /// </summary>
    private Expr? WritableElement(Expr? element, IOperation target)
    {
        if (element is null || element is ElementExpr { Array: VariableExpr array } && _writableArrays.Contains(array.Name))
        {
            return element;
        }

        Unsupported(
            DiagnosticDescriptors.UnsupportedAssignmentTarget,
            target,
            "this element: it is an element of data the method only reads (a [Constant] or ReadOnlySpan<double> input, or a field)",
            "copy the values into a local array and change the copy");
        return null;
    }

    /// <summary>Whether the generated code holds <paramref name="name"/> as a <c>double[]</c> (not a span).</summary>
    private bool IsArrayObject(string name) =>
        _parameters.TryGetValue(name, out var parameter)
            ? parameter.IsArray
            : _locals.FirstOrDefault(l => l.Name == name) is { ArrayKind: LocalArrayKind.Heap };

    /// <summary>The array or span a slice (or a span conversion) is taken of, or the operation itself.</summary>
    private static IOperation? SliceRoot(IOperation? operation)
    {
        while (true)
        {
            operation = operation is null ? null : WithoutSpanConversion(operation);
            switch (operation)
            {
                case IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } instance } slice when IsSliceArgument(slice):
                    operation = instance;
                    break;
                case IInvocationOperation { TargetMethod.Name: "AsSpan", Instance: null, Arguments.Length: >= 1 } asSpan when IsSliceArgument(asSpan):
                    operation = asSpan.Arguments[0].Value;
                    break;
                case IImplicitIndexerReferenceOperation { Instance: var instance } when IsSliceArgument(operation):
                    operation = instance;
                    break;
                case IArrayElementReferenceOperation { ArrayReference: var array } when IsSliceArgument(operation):
                    operation = array;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>
    /// <c>ReadOnlySpan&lt;double&gt; c = cam.Slice(3);</c> (or <c>Span&lt;double&gt;</c>, or a whole array): a second name for
    /// elements of an array, never reassigned. Its reads and writes are those of the array's elements, at the offset
    /// evaluated here. False when the declaration is not of that shape (it is then parsed as a local array).
    /// </summary>
    private bool TryParseView(IVariableDeclaratorOperation declarator, ILocalSymbol local, IOperation? initializer, List<Statement> output)
    {
        if (initializer is null || !(TypeClassifier.IsSpanOfDouble(local.Type, readOnly: true) || TypeClassifier.IsSpanOfDouble(local.Type, readOnly: false)))
        {
            return false;
        }

        var source = WithoutSpanConversion(initializer);
        if (!IsSliceArgument(source) && source is not (IParameterReferenceOperation or ILocalReferenceOperation or IFieldReferenceOperation))
        {
            return false;
        }

        var root = (IOperation)declarator;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        bool reassigned = OwnDescendants(root).Any(o => o switch
        {
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => SymbolEqualityComparer.Default.Equals(target.Local, local),
            ICompoundAssignmentOperation { Target: ILocalReferenceOperation target } => SymbolEqualityComparer.Default.Equals(target.Local, local),
            _ => false,
        });
        if (reassigned)
        {
            Unsupported(
                DiagnosticDescriptors.UnsupportedStatement,
                declarator,
                $"span local '{local.Name}' that is reassigned",
                "a span local naming part of an array must keep naming it; pass the slice itself where it is used, or copy the values into a local array");
            return true;
        }

        var view = IsSliceArgument(source) ? ParseSlice(source) : ParseExpression(source);
        switch (view)
        {
            case null:
                break;
            case SliceExpr slice:
                _views[local] = Stable(slice, output);
                break;
            case VariableExpr { Kind: ValueKind.RealArray } or MemberExpr { Kind: ValueKind.RealArray }:
                _views[local] = view;
                break;
            default:
                Unsupported(DiagnosticDescriptors.UnsupportedStatement, declarator, $"span local '{local.Name}'", "initialise it with a parameter, a local array, a field or a slice of one");
                break;
        }

        return true;
    }

    /// <summary>
    /// An array parameter the method writes into (<c>vec[i] = 0</c>, an in-place sort, or a void callee it is passed
    /// to): the generated members work on a copy of its values made at entry, so derivatives are taken with respect to
    /// the values the caller passed, the copy's adjoint flows back into the parameter's, and the caller's array is left
    /// as it was. The copy is scratch from the thread's tape (no allocation once the tape has grown), or a new
    /// <c>double[]</c> when the method passes it whole to a callee's <c>double[]</c> parameter.
    /// </summary>
    private void CopyWrittenArrayParameters(IOperation body, List<Statement> output)
    {
        var operations = OwnDescendants(body).ToList();
        var written = new HashSet<string>(StringComparer.Ordinal);
        var passedAsArray = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            var target = operation switch
            {
                ISimpleAssignmentOperation assignment => assignment.Target,
                ICompoundAssignmentOperation compound => compound.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                _ => null,
            };
            switch (target)
            {
                case IArrayElementReferenceOperation { ArrayReference: IParameterReferenceOperation array, Indices.Length: 1 }:
                    written.Add(array.Parameter.Name);
                    break;
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IParameterReferenceOperation span, Arguments.Length: 1 }:
                    written.Add(span.Parameter.Name);
                    break;
            }

            if (operation is IArgumentOperation { Parameter: { } parameter, Value: var value } && operation.Parent is IInvocationOperation call
                && SliceRoot(value) is IParameterReferenceOperation passed)
            {
                // Passed, or part of it, where a void callee may write it.
                if (InlinableCallee(call, out _) is not null && ClassifyValue(parameter.Type) == ValueKind.RealArray
                    && !TypeClassifier.IsSpanOfDouble(parameter.Type, readOnly: true))
                {
                    written.Add(passed.Parameter.Name);
                }

                if (TypeClassifier.IsDoubleArray(parameter.Type) && WithoutSpanConversion(value) == passed)
                {
                    passedAsArray.Add(passed.Parameter.Name);
                }
            }

            if (operation is IVariableDeclaratorOperation { Symbol.Type: var type } declarator && TypeClassifier.IsSpanOfDouble(type, readOnly: false)
                && SliceRoot(declarator.Initializer?.Value) is IParameterReferenceOperation viewed)
            {
                // A Span<double> local naming its elements may write them.
                written.Add(viewed.Parameter.Name);
            }
        }

        foreach (var parameter in _parameters.Values.Where(p => p.Kind == ValueKind.RealArray && p.Role != ParameterRole.Output && written.Contains(p.Name)))
        {
            string copy = UniqueName(parameter.Name + "Values");
            var kind = parameter.IsArray && passedAsArray.Contains(parameter.Name) ? LocalArrayKind.Heap : LocalArrayKind.Tape;
            _locals.Add(new DeclareStatement(copy, ValueKind.RealArray, kind));
            _arrayCopies.Add(parameter.Name, copy);
            _writableArrays.Add(copy);

            // copy = new double[x.Length]; for (k = 0; k < x.Length; k++) copy[k] = x[k];
            var source = new VariableExpr(parameter.Name, ValueKind.RealArray);
            string index = SyntheticLocal("k", ValueKind.Integer);
            output.Add(new ArrayCreateStatement(copy, new LengthExpr(source), kind));
            output.Add(new AssignStatement(index, ValueKind.Integer, new LiteralExpr(0, ValueKind.Integer), Declare: false));
            output.Add(CountingLoop(index, new LengthExpr(source), new List<Statement>
            {
                new ElementAssignStatement(copy, new VariableExpr(index, ValueKind.Integer), new ElementExpr(source, new VariableExpr(index, ValueKind.Integer))),
            }));
        }
    }
}
