using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Tests.RandomPrograms;
using AutoDiff.Generator.Transforms;
using AutoDiff.Testing;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiff.Generator.Tests.Passes;

/// <summary>
/// The validator after each pass on real methods: every method of <see cref="BaselineCases"/> and of a few dozen random
/// programs is parsed by the generator (its tracked model step), then put through <see cref="ControlFlowNormalization"/>
/// and <see cref="ThreeAddressForm"/> as reverse mode does, and each result must keep the invariants that pass promises.
/// </summary>
public class PassInvariantTests
{
    /// <summary>The seed: AUTODIFF_RANDOM_PROGRAM_SEED when set (as for <see cref="RandomProgramTests"/>), to explore.</summary>
    private static readonly int RandomProgramSeed =
        int.TryParse(Environment.GetEnvironmentVariable("AUTODIFF_RANDOM_PROGRAM_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed)
            ? seed
            : 20261202;

    private static readonly int RandomProgramCount = TestTier.Choose(reduced: 48, full: 192);

    public static TheoryData<string> BaselineCaseNames => new(BaselineCases.All.Keys);

    [Theory]
    [MemberData(nameof(BaselineCaseNames))]
    public void BaselineMethodsKeepEachPassesInvariants(string name)
    {
        var methods = ParsedMethods(BaselineCases.All[name]);

        Assert.NotEmpty(methods);
        foreach (var method in methods)
        {
            CheckPasses(method);
        }
    }

    [Fact]
    public void RandomProgramsKeepEachPassesInvariants()
    {
        var generator = new RandomProgramGenerator(RandomProgramSeed, RandomProgramTests.DefaultEnabled);
        var focuses = RandomProgramTests.DefaultEnabled.OrderBy(c => c).Select(c => (Construct?)c).Append(null).ToList();
        var programs = Enumerable.Range(0, RandomProgramCount).Select(i => generator.Generate(i, focuses[i % focuses.Count])).ToList();

        // Every fourth program also as a vector-output method (V: a void method writing its results into a span).
        var sources = programs.Select((p, i) => i % 4 == 0 ? p.WithVectorOutput().Source : p.Source).Append(KinksSource.Text).ToArray();
        var methods = ParsedMethods(sources);

        Assert.True(methods.Count >= RandomProgramCount, $"{methods.Count} methods parsed from {RandomProgramCount} programs");
        Assert.Contains(methods, m => m.Output is not null);
        var failures = new List<string>();
        foreach (var method in methods)
        {
            try
            {
                CheckPasses(method);
            }
            catch (Exception exception) when (exception is Xunit.Sdk.XunitException or InvalidOperationException or NotSupportedException)
            {
                string program = programs.FirstOrDefault(p => p.ClassName == method.ContainingTypes[method.ContainingTypes.Count - 1].Name)?.Source ?? "?";
                failures.Add($"{method.HintName}: {exception.Message}\nSource:\n{program}");
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {methods.Count} methods (seed {RandomProgramSeed}):\n\n" + string.Join("\n\n", failures));

        // The checks are live: most of these methods break three-address form before the pass.
        int compound = methods.Count(m => IrValidator.Validate(Normalized(m).Body, Array.Empty<(string, ValueKind)>(), IrInvariants.ThreeAddress).Count > 0);
        Assert.True(compound > methods.Count / 2, $"only {compound} of {methods.Count} methods have compound operands before ThreeAddressForm");
    }

    private static (List<Statement> Body, List<DeclareStatement> Locals) Normalized(MethodModel method)
    {
        var names = new NameAllocator(method.ReservedNames.Concat(method.Parameters.Select(p => p.Name)));
        return ControlFlowNormalization.Apply(method.Body, names.Fresh("value"), names);
    }

    /// <summary>Runs the passes the way reverse mode does, validating the parsed body and each pass's output.</summary>
    private static void CheckPasses(MethodModel method)
    {
        var parameters = method.Parameters.Select(p => (p.Name, p.Kind)).ToList();
        var names = new NameAllocator(method.ReservedNames.Concat(method.Parameters.Select(p => p.Name)));
        string result = names.Fresh("value");
        string which = $"{method.HintName}: ";

        var parsed = method.Locals.Concat<Statement>(method.Body).ToList();
        IrValidator.Assert(parsed, parameters, IrInvariants.NamesDefined, which + "parsing");
        if (method.Output is null)
        {
            // The checks are live: a parsed method that returns a value still has its returns.
            Assert.Contains(IrValidator.Validate(parsed, parameters, IrInvariants.SingleExit), v => v.Contains("return", StringComparison.Ordinal));
        }

        var (normalized, flowLocals) = ControlFlowNormalization.Apply(method.Body, result, names);
        var locals = method.Locals.Concat(flowLocals).ToList();
        IrValidator.Assert(locals.Concat<Statement>(normalized).ToList(), parameters, IrInvariants.AfterControlFlowNormalization, which + nameof(ControlFlowNormalization));

        var (withTables, tableLocals) = InvariantCalls.Apply(normalized, names);
        locals.AddRange(tableLocals);
        IrValidator.Assert(locals.Concat<Statement>(withTables).ToList(), parameters, IrInvariants.AfterControlFlowNormalization, which + nameof(InvariantCalls));

        var (split, temporaries, singleUse) = ThreeAddressForm.Apply(withTables, names);
        IrValidator.Assert(
            locals.Concat(temporaries).Concat<Statement>(split).ToList(),
            parameters,
            IrInvariants.AfterThreeAddressForm,
            which + nameof(ThreeAddressForm),
            singleUse);

        // The analyses run on the result without failing (their results are checked on small programs elsewhere).
        var facts = ProgramFacts.Collect(split);
        Assert.Equal(CountAssignments(split), facts.Sites.Count);
    }

    private static int CountAssignments(IEnumerable<Statement> statements) => statements.Sum(statement => statement switch
    {
        AssignStatement or ElementAssignStatement => 1,
        IfStatement conditional => CountAssignments(conditional.Then) + CountAssignments(conditional.Else),
        LoopStatement loop => CountAssignments(loop.Body) + CountAssignments(loop.Increment),
        _ => 0,
    });

    /// <summary>The models the generator's parse step produced for every <c>[Differentiable]</c> method of the sources.</summary>
    private static List<MethodModel> ParsedMethods(params string[] sources)
    {
        var compilation = GeneratorHarness.CreateCompilation(sources);
        var result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();
        return result.TrackedSteps[DifferentiableGenerator.Steps.Model]
            .SelectMany(step => step.Outputs)
            .Select(output => (MethodModel)output.Value)
            .ToList();
    }
}
