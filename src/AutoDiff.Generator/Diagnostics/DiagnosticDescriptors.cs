using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. IDs are stable: never reuse or renumber one; add new ones at the end and
/// list them in AnalyzerReleases.Unshipped.md. README.md has a section per ID with an example and the fix.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "AutoDiff";

    /// <summary>README's Diagnostics table; each ID has an anchor there (#adg0001 ...).</summary>
    private const string HelpLinkBase = "https://github.com/autodiff-dotnet/autodiff/blob/main/README.md#";

    public static readonly DiagnosticDescriptor TypeNotPartial = Error(
        "ADG0001",
        "The containing type must be partial",
        "Type '{0}' contains the [Differentiable] method '{1}' and must be declared 'partial' so the generated derivatives can be added to it");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        "ADG0002",
        "A [Differentiable] method must return double, or be void with a Span<double> output or a double[] it updates",
        "[Differentiable] method '{0}' returns '{1}'; return 'double' (the value being differentiated), or return void and write a vector result into a Span<double> parameter (or update a double[] parameter in place)");

    public static readonly DiagnosticDescriptor UnsupportedParameter = Error(
        "ADG0003",
        "Unsupported parameter of a [Differentiable] method",
        "Parameter '{0}' of type '{1}' is not supported: {2}");

    public static readonly DiagnosticDescriptor UnsupportedStatement = Error(
        "ADG0004",
        "Unsupported statement in a [Differentiable] method",
        "The {0} is not supported in a [Differentiable] method: {1}");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Error(
        "ADG0005",
        "Unsupported expression in a [Differentiable] method",
        "The {0} is not supported in a [Differentiable] method: {1}");

    public static readonly DiagnosticDescriptor UnsupportedCall = Error(
        "ADG0006",
        "Call that cannot be differentiated",
        "Cannot differentiate the {0}: {1}");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "ADG0007",
        "The AutoDiff generator failed",
        "The AutoDiff generator failed on method '{0}' and generated nothing for it: {1}; please report this with the method's source");

    public static readonly DiagnosticDescriptor MissingBody = Error(
        "ADG0008",
        "A [Differentiable] method needs a body",
        "[Differentiable] method '{0}' has no body to differentiate; give it a block or expression body");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        "ADG0009",
        "A [Differentiable] method cannot be generic",
        "[Differentiable] method '{0}' has type parameters; write it for 'double' without type parameters");

    public static readonly DiagnosticDescriptor UnsupportedAssignmentTarget = Error(
        "ADG0010",
        "Unsupported assignment target in a [Differentiable] method",
        "Cannot assign to the {0} in a [Differentiable] method: {1}");

    public static readonly DiagnosticDescriptor PullbackSignatureMismatch = Error(
        "ADG0011",
        "A [CustomDerivative] pullback has the wrong signature",
        "Pullback '{0}' does not fit '{1}': {2}");

    public static readonly DiagnosticDescriptor PullbackTargetNotFound = Error(
        "ADG0012",
        "The function of a [CustomDerivative] pullback does not exist",
        "[CustomDerivative] names '{0}', but '{1}' has no method of that name; use nameof(...) to name the function");

    public static readonly DiagnosticDescriptor SecondOrderUnavailable = Error(
        "ADG0013",
        "A call lacks a derivative the method asks for",
        "Cannot generate forward-mode or second-order derivatives through the call to '{0}': {1}");

    public static readonly DiagnosticDescriptor SecondOrderRuleMismatch = Error(
        "ADG0014",
        "A second-order rule of a [CustomDerivative] pullback is missing or has the wrong signature",
        "The {0} rule '{1}' for '{2}' does not fit: {3}");

    public static readonly DiagnosticDescriptor ActiveArgumentToConstantParameter = Error(
        "ADG0015",
        "A value that depends on the inputs is passed to a [Constant] parameter",
        "The argument '{0}' depends on the differentiated inputs, but parameter '{1}' of '{2}' is [Constant], so its derivative would be lost: remove [Constant] from '{1}', or pass a value that does not depend on the inputs");

    public static readonly DiagnosticDescriptor VirtualMethod = Error(
        "ADG0016",
        "Derivatives of virtual methods are not dispatched virtually",
        "'{0}' is {1}: its derivatives would be called statically and miss an override; make it non-virtual (a static method, or sealed), and call it directly");

    public static readonly DiagnosticDescriptor UnsupportedDeclaration = Error(
        "ADG0017",
        "The generator cannot add derivatives here",
        "Cannot generate derivatives for '{0}': {1}");

    public static readonly DiagnosticDescriptor MemberNameConflict = Error(
        "ADG0018",
        "A generated member's name is taken",
        "The generator adds '{0}' for [Differentiable] method '{1}', but '{2}' already declares a member named '{0}'; rename that member, or the method");

    public static readonly DiagnosticDescriptor CustomDerivativeOnDifferentiable = Error(
        "ADG0019",
        "A method cannot be both a [CustomDerivative] pullback and [Differentiable]",
        "'{0}' is marked both [CustomDerivative] and [Differentiable]; a pullback is itself a derivative: remove one of the two attributes");

    public static readonly DiagnosticDescriptor NothingToDifferentiate = Warning(
        "ADG0020",
        "A [Differentiable] method has nothing to differentiate",
        "[Differentiable] method '{0}' has no differentiable parameter ({1}), so every derivative generated for it is zero and has no outputs; take the inputs as double, ReadOnlySpan<double> or double[] without [Constant], or remove [Differentiable]");

    public static readonly DiagnosticDescriptor UnknownWrtParameter = Error(
        "ADG0021",
        "Wrt names a parameter that cannot be differentiated",
        "[Differentiable(Wrt = ...)] on '{0}' names '{1}', which {2}");

    public static readonly DiagnosticDescriptor DataParameterDifferentiated = Info(
        "ADG0022",
        "An array parameter that looks like data is differentiated",
        "Parameter '{0}' of '{1}' is differentiated (its gradient is an output of '{1}Gradient'), but the method only reads its elements next to the vector '{2}'; if it is data, mark it [Constant] or name the parameters to differentiate with Wrt");

    public static readonly DiagnosticDescriptor ConstantDataWritten = Error(
        "ADG0023",
        "Constant data is read-only",
        "'{0}' writes into constant data, which is read as it is and never differentiated; {1}");

    public static readonly DiagnosticDescriptor UnsupportedData = Error(
        "ADG0024",
        "Structured data used in a way that is not supported",
        "{0} is not supported: {1}");

    public static readonly DiagnosticDescriptor CapturingLocalFunction = Error(
        "ADG0025",
        "A local function called from a [Differentiable] method captures a variable",
        "Local function '{0}' captures '{1}' of the enclosing method, so it cannot be differentiated as a callee; make it 'static' and pass '{1}' as a parameter");

    public static readonly DiagnosticDescriptor RecursiveLocalFunction = Error(
        "ADG0026",
        "A local function called from a [Differentiable] method is recursive",
        "Local function '{0}' calls itself ({1}), which a differentiable callee cannot; write the recursion as a loop");

    public static readonly DiagnosticDescriptor LambdaLocal = Error(
        "ADG0027",
        "A lambda assigned to a local cannot be differentiated",
        "The lambda assigned to local '{0}' cannot be differentiated ({1}); write a static local function or a method instead and call that");

    private static readonly Dictionary<string, DiagnosticDescriptor> Descriptors = new[]
    {
        TypeNotPartial, UnsupportedReturnType, UnsupportedParameter, UnsupportedStatement, UnsupportedExpression,
        UnsupportedCall, InternalError, MissingBody, GenericMethod, UnsupportedAssignmentTarget,
        PullbackSignatureMismatch, PullbackTargetNotFound, SecondOrderUnavailable, SecondOrderRuleMismatch,
        ActiveArgumentToConstantParameter, VirtualMethod, UnsupportedDeclaration, MemberNameConflict,
        CustomDerivativeOnDifferentiable, NothingToDifferentiate, UnknownWrtParameter, DataParameterDifferentiated,
        ConstantDataWritten, UnsupportedData,
        CapturingLocalFunction, RecursiveLocalFunction, LambdaLocal,
    }.ToDictionary(d => d.Id);

    /// <summary>The descriptor with this ID (the cached model stores IDs, not descriptors).</summary>
    public static DiagnosticDescriptor ById(string id) => Descriptors[id];

    /// <summary>All descriptors, in ID order.</summary>
    public static IEnumerable<DiagnosticDescriptor> All => Descriptors.Values.OrderBy(d => d.Id, System.StringComparer.Ordinal);

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpLinkBase + id.ToLowerInvariant());

    private static DiagnosticDescriptor Info(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Info, isEnabledByDefault: true,
            helpLinkUri: HelpLinkBase + id.ToLowerInvariant());

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            helpLinkUri: HelpLinkBase + id.ToLowerInvariant());
}
