using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Emit;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Parsing;
using AutoDiff.Generator.Transforms;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator;

/// <summary>
/// The incremental pipeline, and nothing else: find <c>[Differentiable]</c> methods, parse each into a model,
/// transform the model into derivative methods, emit them. Each step is named so tests can check what was cached.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    /// <summary>The attribute that marks methods to differentiate.</summary>
    public const string DifferentiableAttributeName = "AutoDiff.DifferentiableAttribute";

    /// <summary>The attribute that marks user-written pullbacks.</summary>
    public const string CustomDerivativeAttributeName = "AutoDiff.CustomDerivativeAttribute";

    /// <summary>Tracking names of the pipeline steps.</summary>
    public static class Steps
    {
        /// <summary>Parsing a marked method into a model and diagnostics.</summary>
        public const string Parse = "Parse";

        /// <summary>The position-free model of each method (what differentiation sees).</summary>
        public const string Model = "Model";

        /// <summary>Differentiating a model into generated methods.</summary>
        public const string Differentiate = "Differentiate";

        /// <summary>Where each method is (joined with the generated code at the emit step).</summary>
        public const string Positions = "Positions";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                DifferentiableAttributeName,
                predicate: static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax,
                transform: MethodParser.Parse)
            .WithTrackingName(Steps.Parse);

        // Diagnostics of the parser are DifferentiableAnalyzer's to report (live in the IDE, with code fixes); the
        // generator reports only what an analyzer cannot see: a failure of differentiation itself (ADG0007, below).

        // Differentiation sees the position-free model only, so a method that moves is not differentiated again; its
        // position joins at the emit step (line numbers of comments and #line directives, diagnostics).
        // The optimisations switched off for tests and debugging (DifferentiationOptions): one value for the compilation.
        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => DifferentiationOptions.Parse(
                provider.GlobalOptions.TryGetValue("build_property." + DifferentiationOptions.PropertyName, out string? disabled) ? disabled : null));
        var differentiated = parsed
            .Where(static result => result.Method is not null)
            .Select(static (result, _) => result.Method!)
            .WithTrackingName(Steps.Model)
            .Combine(options)
            .Select(static (pair, cancellationToken) => Differentiate(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(Steps.Differentiate);
        var positions = parsed
            .Select(static (result, _) => result.Position)
            .Collect()
            .WithTrackingName(Steps.Positions);
        context.RegisterSourceOutput(differentiated.Combine(positions), static (output, pair) => EmitFile(output, pair.Left, pair.Right));
    }

    private static void EmitFile(SourceProductionContext output, DifferentiationResult result, ImmutableArray<MethodPosition?> positions)
    {
        var position = positions.First(p => p?.HintName == result.HintName)!;
        if (result.File is { } file)
        {
            output.AddSource(file.HintName, SourceEmitter.Emit(file, position));
        }
        else
        {
            output.ReportDiagnostic(new DiagnosticInfo(DiagnosticDescriptors.InternalError.Id, position.Identifier, result.Failure).ToDiagnostic());
        }
    }

    /// <summary>The generated members the method asked for, then those of the local functions it calls, in a fixed order.</summary>
    private static System.Collections.Generic.IEnumerable<GeneratedMethod> DerivativesOf(MethodModel method, DifferentiationOptions options) =>
        OwnDerivativesOf(method, options)
            .Concat(method.LocalFunctions.SelectMany(local => LocalFunctionMembers(local, options)))
            .Select(generated => options.Vectorization ? MatrixBlocks.Apply(Vectorization.Apply(GatherForm.Apply(generated))) : generated)
            .Select(generated => options.LaneLoops ? LaneLoops.Apply(generated) : generated);

    /// <summary>
    /// A local function's private static stand-ins: its value (the callers' forward sweeps call it), its pullback, and
    /// the forward-mode members the caller needs (<see cref="GeneratedNames.ForLocalFunction"/>).
    /// </summary>
    private static System.Collections.Generic.IEnumerable<GeneratedMethod> LocalFunctionMembers(MethodModel local, DifferentiationOptions options)
    {
        var normalized = NormalizedMethod.Create(local, options);
        var program = normalized.PrimalProgram();
        yield return new GeneratedMethod(
            local.Name,
            local.Accessibility,
            IsStatic: true,
            $"The local function differentiated as <c>{local.Name}</c>: its value, for the forward sweeps of the method that calls it.",
            ForwardModeMethods.Inputs(local).ToEquatableArray(),
            ForwardModeMethods.WithTape(program, ForwardModeMethods.UsesTape(program), normalized.Tape, normalized.NewNames()).ToEquatableArray());

        var reverse = ReverseModeTransform.Create(normalized);
        var pullback = reverse.Build();
        yield return pullback;
        if (Has(local, DerivativeKinds.DirectionalDerivative))
        {
            yield return ForwardModeMethods.DirectionalDerivative(normalized);
        }

        if (Has(local, DerivativeKinds.HessianVectorProduct))
        {
            yield return ForwardModeMethods.PullbackTangent(reverse, pullback);
        }
    }

    /// <summary>The generated members the method asked for, in a fixed order.</summary>
    private static System.Collections.Generic.IEnumerable<GeneratedMethod> OwnDerivativesOf(MethodModel method, DifferentiationOptions options)
    {
        if (method.Output is not null)
        {
            foreach (var generated in VectorOutputMethods.Build(method, options))
            {
                yield return generated;
            }

            yield break;
        }

        // Normalised and analysed once; each mode builds on it.
        var normalized = NormalizedMethod.Create(method, options);
        var reverse = ReverseModeTransform.Create(normalized);
        var pullback = reverse.Build();
        var gradientTransform = ReverseModeTransform.CreateForGradient(normalized);
        var gradient = gradientTransform.Build();
        yield return gradient;
        yield return pullback;
        if (Has(method, DerivativeKinds.DirectionalDerivative))
        {
            yield return ForwardModeMethods.DirectionalDerivative(normalized);
        }

        if (Has(method, DerivativeKinds.HessianVectorProduct))
        {
            var pullbackTangent = ForwardModeMethods.PullbackTangent(reverse, pullback);
            yield return pullbackTangent;
            yield return ForwardModeMethods.HessianVectorProduct(gradientTransform, gradient);
        }

        if (Has(method, DerivativeKinds.Hessian) && IsSingleSpan(method))
        {
            foreach (var dense in ForwardModeMethods.DenseHessian(method))
            {
                yield return dense;
            }
        }
    }

    private static bool Has(MethodModel method, DerivativeKinds kinds) => (method.Derivatives & kinds) == kinds;

    private static bool IsSingleSpan(MethodModel method) => ObjectiveShapes.IsSingleSpan(method.Parameters);

    /// <summary>The solver-ready objective, for methods of exactly one <c>ReadOnlySpan&lt;double&gt;</c> parameter.</summary>
    private static ObjectiveProperty? ObjectiveFor(MethodModel method) => IsSingleSpan(method)
        ? new ObjectiveProperty(
            method.Name + GeneratedNames.Objective,
            method.Accessibility,
            method.IsStatic,
            Identifiers.Escape(method.Name),
            method.Name + GeneratedNames.Gradient,
            Has(method, DerivativeKinds.HessianVectorProduct) ? method.Name + GeneratedNames.HessianVectorProduct : null,
            Has(method, DerivativeKinds.Hessian) ? method.Name + GeneratedNames.Hessian : null)
        : null;

    /// <summary><c>{Name}Objective(constants...)</c>, when <see cref="ObjectiveShapes.FactoryPacking"/> allows one.</summary>
    private static ObjectiveFactory? FactoryFor(MethodModel method) => ObjectiveShapes.FactoryPacking(method.Parameters, method.NoObjectiveFactories) is { } packing
        ? new ObjectiveFactory(
            method.Name + GeneratedNames.Objective,
            method.Accessibility,
            method.IsStatic,
            method.Name,
            packing,
            FactoryParameters(method),
            Has(method, DerivativeKinds.HessianVectorProduct))
        : null;

    /// <summary><c>{Name}StochasticObjective(data, constants...)</c> for a per-sample loss (<see cref="ObjectiveShapes.StochasticSample"/>).</summary>
    private static StochasticObjectiveFactory? StochasticFactoryFor(MethodModel method) => ObjectiveShapes.StochasticSample(method.Parameters, method.NoObjectiveFactories) is { } sample
        ? new StochasticObjectiveFactory(
            method.Name + GeneratedNames.StochasticObjective,
            method.Accessibility,
            method.IsStatic,
            method.Name,
            FactoryParameters(method),
            sample)
        : null;

    private static EquatableArray<FactoryParameter> FactoryParameters(MethodModel method) => method.Parameters
        .Select(p => new FactoryParameter(
            p.Name,
            p.TypeText,
            p.Role == ParameterRole.Differentiable,
            IsSpan: (p.Kind == IR.ValueKind.RealArray && !p.IsArray) || SpanElementType(p.TypeText) is not null))
        .ToEquatableArray();

    /// <summary>The element type of a span type's text (<c>Observation</c> of a <c>ReadOnlySpan&lt;Observation&gt;</c> constant), or null.</summary>
    internal static string? SpanElementType(string typeText)
    {
        foreach (string prefix in new[] { "global::System.ReadOnlySpan<", "global::System.Span<" })
        {
            if (typeText.StartsWith(prefix, StringComparison.Ordinal) && typeText.EndsWith(">", StringComparison.Ordinal))
            {
                return typeText.Substring(prefix.Length, typeText.Length - prefix.Length - 1);
            }
        }

        return null;
    }

    internal static DifferentiationResult Differentiate(MethodModel method, DifferentiationOptions options, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var hidden = new System.Collections.Generic.HashSet<string>(method.HiddenMembers, StringComparer.Ordinal);
            var methods = DerivativesOf(method, options).Select(m => hidden.Contains(m.Name) ? m with { IsNew = true } : m);
            var objective = ObjectiveFor(method);
            if (objective is not null && hidden.Contains(objective.Name))
            {
                objective = objective with { IsNew = true };
            }

            var factory = FactoryFor(method);
            if (factory is not null && hidden.Contains(factory.Name))
            {
                factory = factory with { IsNew = true };
            }

            var stochastic = StochasticFactoryFor(method);
            if (stochastic is not null && hidden.Contains(stochastic.Name))
            {
                stochastic = stochastic with { IsNew = true };
            }

            var file = new GeneratedFile(method.HintName, method.Namespace, method.ContainingTypes, methods.ToEquatableArray(), objective, factory, stochastic);
            return new DifferentiationResult(method.HintName, file, EquatableArray<string>.Empty);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The pipeline must never throw: an internal failure becomes one diagnostic naming the method.
            return new DifferentiationResult(method.HintName, null, new[] { method.Name, exception.GetType().Name + ": " + exception.Message }.ToEquatableArray());
        }
    }
}
