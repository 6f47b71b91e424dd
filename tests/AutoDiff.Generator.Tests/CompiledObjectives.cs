using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Loader;
using Xunit;

namespace AutoDiff.Generator.Tests;

/// <summary>
/// A compiled, loaded copy of a source with its generated members, under one setting of the optimisation switches. Each
/// objective <c>F</c> of the class comes with wrappers over arrays: <c>FValue(x)</c>, <c>FGrad(x, g)</c>,
/// <c>FPull(x, seed, a)</c>, <c>FHvp(x, v, hv)</c> and <c>FDir(x, v, d)</c> (the derivative in <c>d[0]</c>).
/// </summary>
internal sealed class CompiledObjectives : IDisposable
{
    private readonly AssemblyLoadContext _context;
    private readonly Type _type;
    private readonly string _typeName;
    private readonly Dictionary<string, string> _generated;

    private CompiledObjectives(AssemblyLoadContext context, Type type, string typeName, Dictionary<string, string> generated)
    {
        _context = context;
        _type = type;
        _typeName = typeName;
        _generated = generated;
    }

    public static CompiledObjectives Of(string source, string typeName, string? disabledOptimizations)
    {
        var options = disabledOptimizations is null ? null : new Dictionary<string, string> { ["build_property.AutoDiffDisabledOptimizations"] = disabledOptimizations };
        var compilation = GeneratorHarness.CreateCompilation(source);
        compilation = compilation.WithOptions(compilation.Options.WithOptimizationLevel(Microsoft.CodeAnalysis.OptimizationLevel.Release));
        var driver = GeneratorHarness.CreateDriver(options).RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        using var image = new MemoryStream();
        var emit = output.Emit(image);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext(typeName, isCollectible: true);
        var generated = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        return new CompiledObjectives(context, context.LoadFromStream(image).GetType(typeName, throwOnError: true)!, typeName, generated);
    }

    /// <summary>The generated file of <paramref name="objective"/>.</summary>
    public string Generated(string objective) => _generated.Single(g => g.Key.StartsWith(_typeName + "." + objective + "_", StringComparison.Ordinal)).Value;

    public object? Invoke(string method, params object[] arguments) => _type.GetMethod(method)!.Invoke(null, arguments);

    public double Value(string objective, double[] x) => (double)Invoke(objective + "Value", x)!;

    public double Gradient(string objective, double[] x, double[] gradient) => (double)Invoke(objective + "Grad", x, gradient)!;

    /// <summary>
    /// The gradient at <paramref name="x"/> returns exactly the value (to <paramref name="valueTolerance"/> relative, for
    /// code whose sums the vector kernels reassociate), and each component matches a central difference of the value
    /// (step 1e-6) to 1e-6 relative.
    /// </summary>
    public void AssertGradientMatchesFiniteDifferences(string objective, double[] x, double valueTolerance = 0)
    {
        var gradient = new double[x.Length];
        double value = Gradient(objective, x, gradient);

        double expected = Value(objective, x);
        Assert.True(valueTolerance == 0 ? expected.Equals(value) : Math.Abs(expected - value) <= valueTolerance * Math.Max(1, Math.Abs(expected)), $"the gradient returns {value:R}, the value is {expected:R}");
        const double h = 1e-6;
        for (int i = 0; i < x.Length; i++)
        {
            double[] plus = (double[])x.Clone(), minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            double difference = (Value(objective, plus) - Value(objective, minus)) / (2 * h);
            Assert.Equal(difference, gradient[i], 1e-6 * Math.Max(1, Math.Abs(difference)));
        }
    }

    /// <summary>Every number the derivative members return or write, in a fixed order.</summary>
    public List<double> Results(string objective, double[] x, double[] v)
    {
        var results = new List<double>();
        var gradient = new double[x.Length];
        results.Add(Gradient(objective, x, gradient));
        results.AddRange(gradient);

        var adjoint = x.Select((_, i) => 0.25 * i - 1).ToArray();
        results.Add((double)Invoke(objective + "Pull", x, -1.5, adjoint)!);
        results.AddRange(adjoint);

        var product = new double[x.Length];
        results.Add((double)Invoke(objective + "Hvp", x, v, product)!);
        results.AddRange(product);

        var derivative = new double[1];
        results.Add((double)Invoke(objective + "Dir", x, v, derivative)!);
        results.Add(derivative[0]);
        return results;
    }

    public void Dispose() => _context.Unload();
}
