using System;

namespace AutoDiff.Initialization;

/// <summary>
/// Random initial weights for a layer with <c>fanIn</c> inputs and <c>fanOut</c> outputs, scaled so that the variance of
/// activations (forward) and gradients (backward) stays about constant from layer to layer. Every method fills a span
/// from a caller's seeded <see cref="Random"/>, so the same seed gives the same weights.
/// </summary>
/// <remarks>
/// Var[w] by scheme: classic 1/(3 fanIn) (uniform on +-1/sqrt(fanIn), the pre-2010 default, which shrinks the variance
/// layer by layer); Xavier/Glorot 2/(fanIn + fanOut) (Glorot and Bengio 2010, for tanh-like activations);
/// He/Kaiming 2/fanIn (He et al. 2015, for ReLU, which zeroes half its inputs); LeCun 1/fanIn (LeCun et al. 1998).
/// A uniform U[-b, b] has variance b^2/3, hence the uniform bounds sqrt(3 Var).
/// </remarks>
public static class WeightInitialization
{
    /// <summary>The pre-2010 default U[-1/sqrt(fanIn), 1/sqrt(fanIn)].</summary>
    /// <param name="weights">Filled with the weights.</param>
    /// <param name="fanIn">n_in, inputs per unit, &gt; 0.</param>
    /// <param name="random">The seeded source.</param>
    public static void ClassicUniform(Span<double> weights, int fanIn, Random random) =>
        Uniform(weights, 1 / Math.Sqrt(Positive(fanIn, nameof(fanIn))), random);

    /// <summary>Xavier/Glorot uniform U[-sqrt(6/(fanIn + fanOut)), +sqrt(6/(fanIn + fanOut))].</summary>
    /// <param name="weights">Filled with the weights.</param>
    /// <param name="fanIn">n_in, &gt; 0.</param>
    /// <param name="fanOut">n_out, &gt; 0.</param>
    /// <param name="random">The seeded source.</param>
    public static void XavierUniform(Span<double> weights, int fanIn, int fanOut, Random random) =>
        Uniform(weights, Math.Sqrt(6.0 / (Positive(fanIn, nameof(fanIn)) + Positive(fanOut, nameof(fanOut)))), random);

    /// <summary>Xavier/Glorot normal N(0, 2/(fanIn + fanOut)).</summary>
    /// <param name="weights">Filled with the weights.</param>
    /// <param name="fanIn">n_in, &gt; 0.</param>
    /// <param name="fanOut">n_out, &gt; 0.</param>
    /// <param name="random">The seeded source.</param>
    public static void XavierNormal(Span<double> weights, int fanIn, int fanOut, Random random) =>
        Normal(weights, Math.Sqrt(2.0 / (Positive(fanIn, nameof(fanIn)) + Positive(fanOut, nameof(fanOut)))), random);

    /// <summary>He/Kaiming normal N(0, 2/fanIn).</summary>
    /// <param name="weights">Filled with the weights.</param>
    /// <param name="fanIn">n_in, &gt; 0.</param>
    /// <param name="random">The seeded source.</param>
    public static void HeNormal(Span<double> weights, int fanIn, Random random) =>
        Normal(weights, Math.Sqrt(2.0 / Positive(fanIn, nameof(fanIn))), random);

    /// <summary>He/Kaiming uniform U[-sqrt(6/fanIn), +sqrt(6/fanIn)] (variance 2/fanIn).</summary>
    /// <param name="weights">Filled with the weights.</param>
    /// <param name="fanIn">n_in, &gt; 0.</param>
    /// <param name="random">The seeded source.</param>
    public static void HeUniform(Span<double> weights, int fanIn, Random random) =>
        Uniform(weights, Math.Sqrt(6.0 / Positive(fanIn, nameof(fanIn))), random);

    /// <summary>LeCun normal N(0, 1/fanIn).</summary>
    /// <param name="weights">Filled with the weights.</param>
    /// <param name="fanIn">n_in, &gt; 0.</param>
    /// <param name="random">The seeded source.</param>
    public static void LeCunNormal(Span<double> weights, int fanIn, Random random) =>
        Normal(weights, Math.Sqrt(1.0 / Positive(fanIn, nameof(fanIn))), random);

    /// <summary>LeCun uniform U[-sqrt(3/fanIn), +sqrt(3/fanIn)] (variance 1/fanIn).</summary>
    /// <param name="weights">Filled with the weights.</param>
    /// <param name="fanIn">n_in, &gt; 0.</param>
    /// <param name="random">The seeded source.</param>
    public static void LeCunUniform(Span<double> weights, int fanIn, Random random) =>
        Uniform(weights, Math.Sqrt(3.0 / Positive(fanIn, nameof(fanIn))), random);

    /// <summary>U[-bound, bound].</summary>
    /// <param name="weights">Filled with the weights.</param>
    /// <param name="bound">The half-width, finite and &gt;= 0.</param>
    /// <param name="random">The seeded source.</param>
    public static void Uniform(Span<double> weights, double bound, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(bound >= 0) || double.IsPositiveInfinity(bound))
        {
            throw new ArgumentOutOfRangeException(nameof(bound), bound, "Must be finite and >= 0.");
        }

        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] = bound * (2 * random.NextDouble() - 1);
        }
    }

    /// <summary>N(0, standardDeviation^2), by the Box-Muller transform (two uniforms give two independent normals).</summary>
    /// <param name="weights">Filled with the weights.</param>
    /// <param name="standardDeviation">sigma, finite and &gt;= 0.</param>
    /// <param name="random">The seeded source.</param>
    public static void Normal(Span<double> weights, double standardDeviation, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(standardDeviation >= 0) || double.IsPositiveInfinity(standardDeviation))
        {
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "Must be finite and >= 0.");
        }

        for (int i = 0; i < weights.Length; i += 2)
        {
            // 1 - NextDouble() lies in (0, 1], so the logarithm is finite.
            double radius = standardDeviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
            double angle = 2 * Math.PI * random.NextDouble();
            weights[i] = radius * Math.Cos(angle);
            if (i + 1 < weights.Length)
            {
                weights[i + 1] = radius * Math.Sin(angle);
            }
        }
    }

    private static int Positive(int fan, string name) =>
        fan > 0 ? fan : throw new ArgumentOutOfRangeException(name, fan, "Must be > 0.");
}
