using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <param name="Callee">How generated code calls the function (<c>global::Ns.Type.F</c> or <c>this.F</c>).</param>
/// <param name="Derivatives">
/// The prefix of its generated derivatives (<c>{Derivatives}Pullback</c>, <c>{Derivatives}DirectionalDerivative</c>, ...),
/// or, for a <see cref="IsCustom"/> call, the full name of the user's pullback.
/// </param>
/// <param name="DirectionalDerivative">The callee's forward-mode rule, or null.</param>
/// <param name="PullbackTangent">The tangent of its pullback, or null.</param>
internal sealed record ResolvedCall(
    string Callee,
    string Derivatives,
    EquatableArray<bool> Differentiable,
    bool IsCustom = false,
    string? DirectionalDerivative = null,
    string? PullbackTangent = null);

/// <summary>
/// Decides how the reverse sweep differentiates a call to a user method: through the pullback generated for a
/// <c>[Differentiable]</c> callee, or through a <c>[CustomDerivative]</c> pullback found next to the caller or the callee.
/// </summary>
internal sealed class CallResolver
{
    private readonly IMethodSymbol _caller;
    private readonly DerivativeKinds _callerDerivatives;
    private readonly bool _needsForwardMode;
    private readonly bool _needsPullbackTangent;
    private readonly LocalFunctionCallees? _localFunctions;
    private readonly IMethodSymbol? _fromLocalFunction;

    /// <param name="caller">The <c>[Differentiable]</c> method being parsed.</param>
    /// <param name="localFunctions">Its local functions, which calls of them resolve to; null where there are none to call.</param>
    /// <param name="fromLocalFunction">The local function whose body is parsed, or null for the method's own body.</param>
    public CallResolver(IMethodSymbol caller, DerivativeKinds callerDerivatives, LocalFunctionCallees? localFunctions = null, IMethodSymbol? fromLocalFunction = null)
    {
        _caller = caller;
        _localFunctions = localFunctions;
        _fromLocalFunction = fromLocalFunction;
        _callerDerivatives = callerDerivatives;
        _needsForwardMode = (callerDerivatives & DerivativeKinds.DirectionalDerivative) != 0;
        _needsPullbackTangent = (callerDerivatives & DerivativeKinds.HessianVectorProduct) == DerivativeKinds.HessianVectorProduct;
    }

    /// <summary>
    /// How to differentiate the call, or null with the diagnostic to report and why (a null descriptor: reported
    /// already, at the local function called).
    /// </summary>
    public ResolvedCall? Resolve(IInvocationOperation invocation, out DiagnosticDescriptor? descriptor, out string? problem)
    {
        var target = invocation.TargetMethod;
        descriptor = Diagnostics.DiagnosticDescriptors.UnsupportedCall;
        problem = null;
        if (target.ReturnType.SpecialType != SpecialType.System_Double || target.IsGenericMethod
            || target.Parameters.Any(p => p.RefKind != RefKind.None))
        {
            problem = target.MethodKind == MethodKind.LocalFunction
                ? "a local function called from a [Differentiable] method must return double, have no type parameters and take its parameters by value; compute other results inline"
                : "only calls of non-generic methods that return double and take their parameters by value can be differentiated";
            return null;
        }

        if (target.MethodKind == MethodKind.DelegateInvoke && invocation.Instance is ILocalReferenceOperation { Local: var delegateLocal } && _localFunctions is not null
            && _localFunctions.ResolveLambda(delegateLocal, _fromLocalFunction, invocation.Syntax, out bool reported) is var lambda && reported)
        {
            // A local holding a lambda: called like a local function, or refused once, at its declaration (ADG0027).
            descriptor = null;
            return lambda;
        }

        if (target.MethodKind == MethodKind.LocalFunction && _localFunctions is not null)
        {
            var local = _localFunctions.Resolve(target, _fromLocalFunction, invocation.Syntax);
            descriptor = null;
            return local;
        }

        if (!target.IsStatic && invocation.Instance is not IInstanceReferenceOperation)
        {
            problem = "instance methods can only be called on 'this'; make the method static";
            return null;
        }

        string prefix = target.IsStatic ? target.ContainingType.ToDisplayString(TypeClassifier.QualifiedFormat) + "." : "this.";
        string callee = prefix + Emit.Identifiers.Escape(target.Name);
        var differentiable = PullbackSignature.DifferentiableParameters(target).ToEquatableArray();
        if (IsDifferentiable(target))
        {
            if (target.IsAbstract || target.IsVirtual || (target.IsOverride && !target.IsSealed))
            {
                // Its generated members would be called statically, missing the override the call dispatches to.
                descriptor = Diagnostics.DiagnosticDescriptors.VirtualMethod;
                problem = target.IsAbstract ? "abstract" : target.IsVirtual ? "virtual" : "an override that is not sealed";
                return null;
            }

            var calleeHas = MethodParser.RequestedDerivatives(target);
            var callerNeeds = _callerDerivatives & (DerivativeKinds.DirectionalDerivative | DerivativeKinds.HessianVectorProduct);
            if ((calleeHas & callerNeeds) != callerNeeds)
            {
                descriptor = Diagnostics.DiagnosticDescriptors.SecondOrderUnavailable;
                problem = $"'{target.Name}' does not generate all the derivatives this method asks for ({callerNeeds}); ask for them in its [Differentiable(...)], or for less here (for example [Differentiable(Derivatives.Gradient)])";
                return null;
            }

            return new ResolvedCall(
                callee,
                prefix + target.Name,
                differentiable,
                DirectionalDerivative: prefix + target.Name + GeneratedNames.DirectionalDerivative,
                PullbackTangent: prefix + target.Name + GeneratedNames.PullbackTangent);
        }

        foreach (var candidate in CustomPullbackCandidates(target))
        {
            if (PullbackSignature.Mismatch(target, candidate) is null)
            {
                string owner = candidate.ContainingType.ToDisplayString(TypeClassifier.QualifiedFormat) + ".";
                var (tangent, pullbackTangent) = SecondOrderRules(candidate, target);
                if ((_needsForwardMode && tangent is null) || (_needsPullbackTangent && pullbackTangent is null))
                {
                    descriptor = Diagnostics.DiagnosticDescriptors.SecondOrderUnavailable;
                    problem = $"'{target.Name}' has a [CustomDerivative] pullback without Tangent and PullbackTangent rules (of the right shape); "
                        + "add them to the attribute, or mark this method [Differentiable(Derivatives.Gradient)]";
                    return null;
                }

                return new ResolvedCall(
                    callee,
                    owner + candidate.Name,
                    differentiable,
                    IsCustom: true,
                    DirectionalDerivative: tangent is null ? null : owner + tangent,
                    PullbackTangent: pullbackTangent is null ? null : owner + pullbackTangent);
            }

            problem = $"its [CustomDerivative] pullback '{candidate.Name}' has the wrong signature (see ADG0011)";
            return null;
        }

        problem = $"'{target.Name}' is not [Differentiable]: mark it [Differentiable] so its derivative is generated, "
            + "or write a pullback for it marked [CustomDerivative]";
        return null;
    }

    /// <summary>
    /// Whether a call of <paramref name="target"/> is one the generator runs as written and never differentiates (see
    /// <see cref="OpaqueCallExpr"/>): a static method (an extension method included) that is not <c>[Differentiable]</c>,
    /// has no <c>[CustomDerivative]</c> pullback, returns a value and takes its parameters by value. Whether its
    /// arguments allow that is the parser's check, once the whole body is known.
    /// </summary>
    public bool IsOpaque(IMethodSymbol target) =>
        target.MethodKind == MethodKind.Ordinary && target.IsStatic && !target.ReturnsVoid && !target.ReturnsByRef
        && target.Parameters.All(p => p.RefKind == RefKind.None)
        && !IsDifferentiable(target)
        && !CustomPullbackCandidates(target).Any();

    private static bool IsDifferentiable(IMethodSymbol method) =>
        method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DifferentiableGenerator.DifferentiableAttributeName);

    /// <summary>
    /// The forward-mode rules named on a custom pullback's attribute (<c>Tangent</c>, <c>PullbackTangent</c>): a static
    /// method of that name in the pullback's type with exactly the generated shape, or null (ADG0014 reports why at the
    /// attribute).
    /// </summary>
    private static (string? Tangent, string? PullbackTangent) SecondOrderRules(IMethodSymbol pullback, IMethodSymbol function)
    {
        var attribute = pullback.GetAttributes().First(a => a.AttributeClass?.ToDisplayString() == PullbackSignature.CustomDerivativeAttributeName);
        string? Rule(string property) =>
            PullbackSignature.SecondOrderRule(attribute, pullback, property) is { } rule
            && PullbackSignature.RuleMismatch(function, property, rule.Candidates) is null
                ? rule.Name
                : null;
        return (Rule(PullbackSignature.TangentRule), Rule(PullbackSignature.PullbackTangentRule));
    }

    /// <summary>Static methods marked <c>[CustomDerivative]</c> for <paramref name="target"/>, in the caller's types or the callee's.</summary>
    private IEnumerable<IMethodSymbol> CustomPullbackCandidates(IMethodSymbol target)
    {
        var searched = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        for (var type = _caller.ContainingType; type is not null; type = type.ContainingType)
        {
            searched.Add(type);
        }

        searched.Add(target.ContainingType);
        foreach (var type in searched.OrderBy(t => t.ToDisplayString(), System.StringComparer.Ordinal))
        {
            foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
            {
                foreach (var attribute in method.GetAttributes())
                {
                    if (attribute.AttributeClass?.ToDisplayString() != PullbackSignature.CustomDerivativeAttributeName)
                    {
                        continue;
                    }

                    var (declaringType, name) = PullbackSignature.Target(attribute, method);
                    if (name == target.Name && SymbolEqualityComparer.Default.Equals(declaringType, target.ContainingType)
                        && target.Parameters.Length + 1 <= method.Parameters.Length
                        && target.Parameters.Select(p => p.Type).SequenceEqual(method.Parameters.Take(target.Parameters.Length).Select(p => p.Type), SymbolEqualityComparer.Default))
                    {
                        yield return method;
                    }
                }
            }
        }
    }
}
