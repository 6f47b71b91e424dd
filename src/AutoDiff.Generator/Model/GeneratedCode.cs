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

/// <summary>One generated source file: the members derived from one <c>[Differentiable]</c> method, and where they go.</summary>
internal sealed record GeneratedFile(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    EquatableArray<GeneratedMethod> Methods,
    ObjectiveProperty? Objective);

/// <summary>The differentiation step's result: the file to emit, or the diagnostic that says why there is none.</summary>
internal sealed record DifferentiationResult(GeneratedFile? File, EquatableArray<DiagnosticInfo> Diagnostics);
