using System;

namespace AutoDiff.Optimization;

/// <summary>
/// A twice-differentiable objective handed to the solvers: the value, the gradient, and optionally a
/// Hessian-vector product and a dense Hessian. Immutable and stateless, so one instance can be shared by
/// concurrent solver runs (each run counts its own evaluations through a <see cref="CountingObjective"/>).
/// </summary>
/// <example>
/// The source generator emits
/// <code>public static Objective RosenbrockObjective { get; } = new(Rosenbrock, RosenbrockGradient, RosenbrockHessianVectorProduct);</code>
/// and users can write the same with their own methods or lambdas. Delegates over arrays or MathNet vectors, with
/// exact derivatives you supply, go through <see cref="From(Func{double[], double}, Func{double[], double[]}, Func{double[], double[], double[]})"/>
/// and <see cref="FromMathNet"/>.
/// </example>
public sealed partial class Objective
{
    /// <summary>Creates an objective from its value and gradient, and optionally second-order information.</summary>
    /// <param name="value">Evaluates f.</param>
    /// <param name="gradient">Evaluates f and its gradient.</param>
    /// <param name="hessianVectorProduct">Evaluates H v; needed by Newton-CG, and by Newton when no dense Hessian is given.</param>
    /// <param name="hessian">Evaluates the dense Hessian; optional even for Newton, which otherwise builds it from n products.</param>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> or <paramref name="gradient"/> is null.</exception>
    public Objective(
        ValueFunction value,
        GradientFunction gradient,
        HessianVectorProductFunction? hessianVectorProduct = null,
        HessianFunction? hessian = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(gradient);
        Value = value;
        Gradient = gradient;
        HessianVectorProduct = hessianVectorProduct;
        Hessian = hessian;
    }

    /// <summary>Evaluates f.</summary>
    public ValueFunction Value { get; }

    /// <summary>Evaluates f and its gradient.</summary>
    public GradientFunction Gradient { get; }

    /// <summary>Evaluates the Hessian-vector product, or null when not supplied.</summary>
    public HessianVectorProductFunction? HessianVectorProduct { get; }

    /// <summary>Evaluates the dense Hessian, or null when not supplied.</summary>
    public HessianFunction? Hessian { get; }
}
