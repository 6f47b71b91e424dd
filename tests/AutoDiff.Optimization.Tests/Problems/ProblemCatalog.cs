using System.Collections.Generic;

namespace AutoDiff.Optimization.Tests.Problems;

/// <summary>Every problem of /work/shared/problems/mgh-public.md, at the sizes listed there.</summary>
public static class ProblemCatalog
{
    public static IEnumerable<TestProblem> All()
    {
        yield return new Rosenbrock();
        yield return new Beale();
        yield return new HelicalValley();
        yield return new PowellSingular();
        yield return new Wood();
        yield return new ExtendedRosenbrock(10);
        yield return new ExtendedRosenbrock(100);
        yield return new ExtendedRosenbrock(1000);
        yield return new ExtendedPowellSingular(12);
        yield return new ExtendedPowellSingular(100);
        yield return new VariablyDimensioned(10);
        yield return new BroydenTridiagonal(10);
        yield return new Chebyquad(8);
    }
}
