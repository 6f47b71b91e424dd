using System;
using AutoDiff;

/// <summary>An objective in a type in the global namespace: the generated partial must not add a namespace.</summary>
public static partial class GlobalNamespaceObjectives
{
    [Differentiable]
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
