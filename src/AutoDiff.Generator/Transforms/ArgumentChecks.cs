using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>The checks a generated member makes of its arguments before anything else runs.</summary>
internal static class ArgumentChecks
{
    /// <summary>Null checks of array inputs (when asked), then one length check per vector parameter's companion.</summary>
    /// <param name="body">Where the checks go.</param>
    /// <param name="method">The method whose parameters are checked.</param>
    /// <param name="companions">Per differentiable parameter, its companion (a gradient output, a direction, ...).</param>
    /// <param name="nullChecks">Whether to check array inputs for null too.</param>
    public static void AddLengthChecks(List<Statement> body, MethodModel method, IReadOnlyDictionary<string, string> companions, bool nullChecks = true)
    {
        foreach (var parameter in Differentiable(method).Where(p => p.Kind == ValueKind.RealArray))
        {
            if (parameter.IsArray && nullChecks)
            {
                body.Add(new NullCheckStatement(parameter.Name));
            }

            body.Add(new LengthCheckStatement(companions[parameter.Name], parameter.Name));
        }
    }

    /// <summary>
    /// One overlap check per pair of a vector output and a span the method reads (every vector parameter, and the
    /// companions that are read) or an earlier vector output: an output aliasing an input would be cleared or
    /// accumulated into while the input is still being read (FGradient(x, x) returned 0).
    /// </summary>
    /// <param name="body">Where the checks go.</param>
    /// <param name="method">The method whose parameters are checked.</param>
    /// <param name="companions">Per parameter, the names of its companions: only vector parameters' are checked.</param>
    /// <param name="outputs">Which companion sets are written (the others, such as directions, are read).</param>
    /// <param name="accumulating">
    /// The outputs are only ever added into (a pullback's adjoints): those of one set may share memory, and their
    /// contributions then add up, which is what a caller passing overlapping slices of one adjoint needs
    /// (<c>G(x[..^1], x[1..])</c>). They are still checked against the inputs and against the other sets.
    /// </param>
    public static void AddOverlapChecks(List<Statement> body, MethodModel method, IReadOnlyList<IReadOnlyDictionary<string, string>> companions, int outputs, bool accumulating = false)
    {
        var vectors = Differentiable(method).Where(p => p.Kind == ValueKind.RealArray).Select(p => p.Name).ToList();
        var read = method.Parameters.Where(p => p.Kind == ValueKind.RealArray).Select(p => p.Name).ToList();
        read.AddRange(companions.Skip(outputs).SelectMany(set => vectors.Select(v => set[v])));
        var checkedOutputs = new List<string>();
        foreach (var set in companions.Take(outputs))
        {
            var setOutputs = new List<string>();
            foreach (string output in vectors.Select(v => set[v]))
            {
                foreach (string other in read.Concat(checkedOutputs).Concat(accumulating ? Enumerable.Empty<string>() : setOutputs))
                {
                    body.Add(new OverlapCheckStatement(output, other));
                }

                setOutputs.Add(output);
            }

            checkedOutputs.AddRange(setOutputs);
        }
    }

    private static IEnumerable<ParameterModel> Differentiable(MethodModel method) => method.Parameters.Where(p => p.Role == ParameterRole.Differentiable);
}
