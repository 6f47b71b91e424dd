using System;

namespace AutoDiff.Optimization.Tests.Problems;

/// <summary>
/// A More-Garbow-Hillstrom sum-of-squares problem with hand-derived residual derivatives. Exposes an
/// <see cref="Objective"/> (value, gradient, Hessian-vector product) and, separately, one with a dense Hessian too.
/// To be replaced by generated derivatives once the source generator is ready.
/// </summary>
public abstract class TestProblem
{
    protected TestProblem()
    {
        Objective = new Objective(Value, Gradient, HessianVectorProduct);
        ObjectiveWithDenseHessian = new Objective(Value, Gradient, HessianVectorProduct, Hessian);
    }

    public abstract string Name { get; }

    /// <summary>The standard start x0.</summary>
    public abstract double[] Start { get; }

    /// <summary>f*, the minimum reached from the standard start.</summary>
    public abstract double MinimumValue { get; }

    /// <summary>x*, or null when the literature gives only f*.</summary>
    public abstract double[]? Minimizer { get; }

    public int Dimension => Start.Length;

    /// <summary>Value, gradient and Hessian-vector product.</summary>
    public Objective Objective { get; }

    /// <summary>The same plus a dense Hessian delegate.</summary>
    public Objective ObjectiveWithDenseHessian { get; }

    public override string ToString() => $"{Name} (n = {Dimension})";

    /// <summary>Reports every residual with its local gradient and Hessian to the sink.</summary>
    protected abstract void Residuals(ReadOnlySpan<double> x, ref ResidualSink sink);

    public double Value(ReadOnlySpan<double> x)
    {
        var sink = ResidualSink.ForValue(x.Length);
        Residuals(x, ref sink);
        return sink.Value;
    }

    public double Gradient(ReadOnlySpan<double> x, Span<double> gradient)
    {
        var sink = ResidualSink.ForGradient(gradient);
        Residuals(x, ref sink);
        return sink.Value;
    }

    public double HessianVectorProduct(ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> hv)
    {
        var sink = ResidualSink.ForHessianVectorProduct(v, hv);
        Residuals(x, ref sink);
        return sink.Value;
    }

    public double Hessian(ReadOnlySpan<double> x, Span<double> hessianRowMajor)
    {
        var sink = ResidualSink.ForHessian(x.Length, hessianRowMajor);
        Residuals(x, ref sink);
        return sink.Value;
    }

    protected static double[] Filled(int n, Func<int, double> entry)
    {
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            values[i] = entry(i);
        }

        return values;
    }
}
