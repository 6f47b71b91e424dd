using AutoDiff.Generator.IR;

namespace AutoDiff.Generator.Model;

/// <summary>A parameter of a generated method.</summary>
/// <param name="Modifier">Empty, or <c>out</c> for a scalar gradient output.</param>
internal sealed record GeneratedParameter(string Name, string TypeText, string Modifier);

/// <summary>A generated method: signature, XML summary and body as IR statements for the emitter to print.</summary>
internal sealed record GeneratedMethod(
    string Name,
    string Accessibility,
    bool IsStatic,
    string Summary,
    EquatableArray<GeneratedParameter> Parameters,
    EquatableArray<Statement> Body,
    string ReturnType = "double",
    bool IsNew = false);

/// <summary>
/// <c>{Name}Objective</c>: the method and its derivatives as one <c>AutoDiff.Optimization.Objective</c>, for a method
/// whose only parameter is a <c>ReadOnlySpan&lt;double&gt;</c> (the shape the solvers minimise over).
/// </summary>
internal sealed record ObjectiveProperty(string Name, string Accessibility, bool IsStatic, string Function, string Gradient, string? HessianVectorProduct, string? Hessian, bool IsNew = false);

/// <summary>How a factory's objective maps the solver's vector x onto the method's differentiable parameters.</summary>
internal enum ObjectivePacking
{
    /// <summary>The one differentiable parameter is a <c>ReadOnlySpan&lt;double&gt;</c>: x itself.</summary>
    Span,

    /// <summary>The one differentiable parameter is a <c>double[]</c>: a copy of x per call.</summary>
    Array,

    /// <summary>Every differentiable parameter is a <c>double</c>: x[0], x[1], ... in declaration order.</summary>
    Scalars,
}

/// <summary>A parameter of the method a factory binds: differentiable (taken from x) or a constant the factory takes.</summary>
/// <param name="IsSpan">A <c>Span</c> or <c>ReadOnlySpan</c> constant, which a lambda cannot capture: the factory copies it.</param>
internal sealed record FactoryParameter(string Name, string TypeText, bool Differentiable, bool IsSpan);

/// <summary>
/// <c>{Name}Objective(constants...)</c>: the method with its constant arguments bound, as an <c>Objective</c> (value,
/// gradient and, when generated, Hessian-vector product), for a method that is not a single <c>ReadOnlySpan</c>
/// parameter (that one gets <see cref="ObjectiveProperty"/>).
/// </summary>
internal sealed record ObjectiveFactory(
    string Name,
    string Accessibility,
    bool IsStatic,
    string Method,
    ObjectivePacking Packing,
    EquatableArray<FactoryParameter> Parameters,
    bool HasHessianVectorProduct,
    bool IsNew = false);

/// <summary>
/// <c>{Name}StochasticObjective(Dataset data, constants...)</c>: a per-sample loss <c>f(w, sample, ...)</c> with its
/// other constants bound, as a <c>StochasticObjective</c> over the dataset.
/// </summary>
/// <param name="Sample">The <c>[Constant] ReadOnlySpan&lt;double&gt;</c> parameter each sample is passed in.</param>
internal sealed record StochasticObjectiveFactory(
    string Name,
    string Accessibility,
    bool IsStatic,
    string Method,
    EquatableArray<FactoryParameter> Parameters,
    string Sample,
    bool IsNew = false);

/// <summary>One generated source file: the members derived from one <c>[Differentiable]</c> method, and where they go.</summary>
internal sealed record GeneratedFile(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    EquatableArray<GeneratedMethod> Methods,
    ObjectiveProperty? Objective,
    ObjectiveFactory? Factory = null,
    StochasticObjectiveFactory? StochasticFactory = null);

/// <summary>
/// The differentiation step's result, without positions: the file to emit, or the arguments of the internal-error
/// diagnostic that says why there is none (reported at the method by the emit step, which knows where it is).
/// </summary>
internal sealed record DifferentiationResult(string HintName, GeneratedFile? File, EquatableArray<string> Failure);
