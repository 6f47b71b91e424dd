using System.Linq;
using AutoDiff.Generator.IR;

namespace AutoDiff.Generator.Model;

/// <summary>One type around the method, outermost first, as it must be re-declared in the generated partial.</summary>
/// <param name="Keyword">For example <c>class</c>, <c>struct</c>, <c>record</c>, <c>record struct</c>.</param>
/// <param name="Name">The name with its type parameters, for example <c>Model&lt;T&gt;</c>.</param>
internal sealed record ContainingTypeModel(string Keyword, string Name);

/// <summary>How a parameter takes part in differentiation.</summary>
internal enum ParameterRole
{
    /// <summary>Gets a gradient output.</summary>
    Differentiable,

    /// <summary>Data: no gradient output.</summary>
    Constant,

    /// <summary>
    /// The <c>Span&lt;double&gt;</c> a <c>void</c> method writes its vector result into: the method is then a function
    /// R^n -&gt; R^m and gets a Jacobian, Jacobian-vector and vector-Jacobian products instead of a gradient.
    /// </summary>
    Output,
}

/// <param name="Name">The parameter's name as written.</param>
/// <param name="TypeText">The fully qualified type, as the generated signature spells it.</param>
/// <param name="InPlaceOf">
/// For the output of an in-place method (a void method that updates a <c>double[]</c> parameter): that parameter, whose
/// final values the output receives (so it has its length). The output is not a parameter of the method itself.
/// </param>
/// <param name="IsRef">
/// A <c>ref</c> integer the method may write (<c>ref int n</c>): a constant the generated members take by <c>ref</c> too
/// and write as the method does (see <see cref="Parsing.MethodParser.IsWrittenBackRef"/>).
/// </param>
internal sealed record ParameterModel(string Name, string TypeText, ValueKind Kind, ParameterRole Role, bool IsArray, string? InPlaceOf = null, bool IsRef = false)
{
    /// <summary>How a generated member declares it, and how a call passes it: <c>ref</c> or nothing.</summary>
    public string Modifier => IsRef ? "ref" : string.Empty;
}

/// <summary>Everything the generator needs to know about one <c>[Differentiable]</c> method; no Roslyn symbols.</summary>
/// <param name="HiddenMembers">Generated members that hide ones generated for a base type's method (declared <c>new</c>).</param>
/// <param name="NoObjectiveFactories">
/// No <c>{Name}Objective(...)</c> or <c>{Name}StochasticObjective(...)</c>: another <c>[Differentiable]</c> method of the
/// type has the same name (their factories could take the same constants and collide), the method is an instance
/// method of a struct (a lambda cannot capture <c>this</c> there), or it has a <c>ref</c> parameter (nor a ref parameter).
/// </param>
/// <param name="LocalFunctions">
/// The local functions the method calls, each as a private static callee of its own (named by
/// <see cref="GeneratedNames.LocalFunction"/>): the generator emits its value, pullback and forward-mode members next to
/// the method's, and calls to it are calls of those.
/// </param>
internal sealed record MethodModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string Name,
    string Accessibility,
    bool IsStatic,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<DeclareStatement> Locals,
    EquatableArray<Statement> Body,
    EquatableArray<string> ReservedNames,
    string HintName,
    DerivativeKinds Derivatives,
    EquatableArray<string> HiddenMembers = default,
    bool NoObjectiveFactories = false,
    EquatableArray<MethodModel> LocalFunctions = default)
{
    /// <summary>The vector output of a <c>void</c> method (<see cref="ParameterRole.Output"/>), or null for a scalar one.</summary>
    public ParameterModel? Output => Parameters.FirstOrDefault(p => p.Role == ParameterRole.Output);
}

/// <summary>Mirror of the runtime's <c>AutoDiff.Derivatives</c> flags (the generator cannot reference the runtime).</summary>
[System.Flags]
internal enum DerivativeKinds
{
    Gradient = 1,
    DirectionalDerivative = 2,
    HessianVectorProduct = 4 | DirectionalDerivative,
    Hessian = 8 | HessianVectorProduct,
    All = Gradient | Hessian,
}

/// <summary>
/// Where a method is: kept out of <see cref="MethodModel"/>, so that a method that moves (a line inserted above it) is
/// not differentiated again; the emit step joins it back by <paramref name="HintName"/>.
/// </summary>
/// <param name="FirstLine">The declaration's first line, 0-based: source-line comments count from it.</param>
/// <param name="Identifier">The method name's location, for a diagnostic about the whole method.</param>
internal sealed record MethodPosition(string HintName, string FilePath, int FirstLine, LocationInfo Identifier);

/// <summary>The parser's result: the model when the method can be differentiated, its position, and the diagnostics either way.</summary>
internal sealed record ParseResult(MethodModel? Method, EquatableArray<DiagnosticInfo> Diagnostics, MethodPosition? Position = null);
