using System;
using static System.Math;

namespace AutoDiff.Tests.Objectives;

/// <summary>Unqualified Math calls under <c>using static System.Math</c>, the <c>double.X</c> spellings, and Pow with an int exponent.</summary>
public static partial class UsingStaticObjectives
{
    [Differentiable]
    public static double Mixed(double x, [Constant] int n) => Sin(x) * Pow(x, n) + double.Sqrt((x * x) + 1) + double.Exp(-x);
}
