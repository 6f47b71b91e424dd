using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>
/// Objectives that call other functions: <c>[Differentiable]</c> helpers (in a loop, in a chain, taking a span,
/// instance methods on <c>this</c>) reached through their generated pullbacks, and functions with a user pullback
/// marked <see cref="CustomDerivativeAttribute"/>.
/// </summary>
public static partial class CallObjectives
{
    [ThreadStatic]
    private static int t_softplusPullbackCalls;

    /// <summary>How many times this thread has run <see cref="SoftplusPullback"/>: proof that the generated code calls it.</summary>
    public static int SoftplusPullbackCalls => t_softplusPullbackCalls;

    [Differentiable]
    public static double Square(double v) => v * v;

    /// <summary>sum_i (x_{i+1} - x_i)^2 through the <see cref="Square"/> helper called in a loop.</summary>
    [Differentiable]
    public static double SmoothnessPenalty(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            sum += Square(x[i + 1] - x[i]);
        }

        return sum;
    }

    [Differentiable]
    public static double Inner(double v) => Math.Sin(v) + v;

    [Differentiable]
    public static double Middle(double v, double w) => Inner(v) * w + Square(w);

    /// <summary>A chain of helpers: Middle(xy, Inner(y)) = (sin(xy) + xy) Inner(y) + Inner(y)^2.</summary>
    [Differentiable]
    public static double ChainOfHelpers(double x, double y) => Middle(x * y, Inner(y));

    /// <summary>sum_i w_i v_i^2: a helper taking a span and constant weights.</summary>
    [Differentiable]
    public static double WeightedSquaredNorm(ReadOnlySpan<double> v, [Constant] ReadOnlySpan<double> weights)
    {
        double sum = 0;
        for (int i = 0; i < v.Length; i++)
        {
            sum += weights[i] * v[i] * v[i];
        }

        return sum;
    }

    /// <summary>
    /// log(1 + N) + x_0 N with N the weighted squared norm of x: the span helper called twice.
    /// </summary>
    [Differentiable]
    public static double SpanHelperTwice(ReadOnlySpan<double> x, [Constant] ReadOnlySpan<double> weights) =>
        Math.Log(1 + WeightedSquaredNorm(x, weights)) + x[0] * WeightedSquaredNorm(x, weights);

    /// <summary>
    /// sum_i sqrt(1 + x_i^2) through <see cref="ControlFlowObjectives.NewtonSquareRoot"/>, a helper of another type
    /// whose pullback runs its own while loop on the tape while this method's reverse sweep is part-way through.
    /// </summary>
    [Differentiable]
    public static double SumOfNewtonRoots(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += ControlFlowObjectives.NewtonSquareRoot(1 + x[i] * x[i]);
        }

        return sum;
    }

    /// <summary>
    /// sum over every label k of -log softmax(x)_k = n LSE(x) - sum x: a helper with a stackalloc buffer (and so an
    /// adjoint buffer of its own) called in a loop.
    /// </summary>
    [Differentiable]
    public static double CrossEntropyOverAllLabels(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int k = 0; k < x.Length; k++)
        {
            sum += LocalArrayObjectives.SoftmaxCrossEntropy(x, k);
        }

        return sum;
    }

    /// <summary>
    /// The Beta(a, b) negative log-likelihood of constant samples in (0, 1): LogGamma is a library-like function
    /// with its own pullback (the digamma), so the generator never looks inside its Lanczos sum.
    /// </summary>
    [Differentiable(Derivatives.Gradient)] // a custom pullback gives first derivatives only (ADG0013 otherwise)
    public static double BetaNegativeLogLikelihood(double a, double b, [Constant] ReadOnlySpan<double> samples)
    {
        double logBeta = SpecialFunctions.LogGamma(a) + SpecialFunctions.LogGamma(b) - SpecialFunctions.LogGamma(a + b);
        double sum = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            sum += (a - 1) * Math.Log(samples[i]) + (b - 1) * Math.Log(1 - samples[i]);
        }

        return samples.Length * logBeta - sum;
    }

    /// <summary>sum_k erf((t_k - mu) / sigma): Erf's pullback lives here, linked with typeof(SpecialFunctions).</summary>
    [Differentiable(Derivatives.Gradient)] // a custom pullback gives first derivatives only (ADG0013 otherwise)
    public static double ErfSum(double mu, double sigma, [Constant] ReadOnlySpan<double> points)
    {
        double sum = 0;
        for (int k = 0; k < points.Length; k++)
        {
            sum += SpecialFunctions.Erf((points[k] - mu) / sigma);
        }

        return sum;
    }

    /// <summary>d erf(z)/dz = 2 / sqrt(pi) e^(-z^2).</summary>
    [CustomDerivative(typeof(SpecialFunctions), nameof(SpecialFunctions.Erf))]
    public static double ErfPullback(double z, double seed, ref double zAdjoint)
    {
        zAdjoint += seed * 2 / Math.Sqrt(Math.PI) * Math.Exp(-z * z);
        return SpecialFunctions.Erf(z);
    }

    /// <summary>
    /// T log sum_i e^(v_i / T) + sum_i v_i^2 / 10: a smooth maximum from a library-like function taking a span, whose
    /// custom pullback fills a span adjoint and a double one.
    /// </summary>
    [Differentiable(Derivatives.Gradient)] // a custom pullback gives first derivatives only (ADG0013 otherwise)
    public static double SmoothMaximum(ReadOnlySpan<double> v, double temperature)
    {
        double sum = 0;
        foreach (double entry in v)
        {
            sum += entry * entry;
        }

        return SpecialFunctions.TemperedLogSumExp(v, temperature) + 0.1 * sum;
    }

    /// <summary>log(1 + e^x), in the form that neither overflows nor loses digits for large |x|.</summary>
    public static double Softplus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    /// <summary>The derivative of softplus is the logistic sigmoid, computed without overflow on either side.</summary>
    [CustomDerivative(nameof(Softplus))]
    public static double SoftplusPullback(double x, double seed, ref double xAdjoint)
    {
        t_softplusPullbackCalls++;
        double sigmoid = x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));
        xAdjoint += seed * sigmoid;
        return Softplus(x);
    }

    /// <summary>sum_i (i + 1) softplus(x_i): each softplus differentiated by its custom pullback.</summary>
    [Differentiable(Derivatives.Gradient)] // a custom pullback gives first derivatives only (ADG0013 otherwise)
    public static double WeightedSoftplusSum(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += (i + 1) * Softplus(x[i]);
        }

        return sum;
    }

    /// <summary>Rounds to the nearest integer; its pullback is deliberately the straight-through estimator (derivative 1).</summary>
    public static double RoundStraightThrough(double x) => Math.Round(x);

    /// <summary>
    /// Not Round's true derivative (0 almost everywhere) but the identity's, as quantisation-aware training uses: the
    /// generated gradient must follow this choice, which finite differences cannot confirm.
    /// </summary>
    [CustomDerivative(nameof(RoundStraightThrough))]
    public static double RoundStraightThroughPullback(double x, double seed, ref double xAdjoint)
    {
        xAdjoint += seed;
        return RoundStraightThrough(x);
    }

    /// <summary>x round(3x) + x^2: with the straight-through pullback the gradient is round(3x) + 3x + 2x.</summary>
    [Differentiable(Derivatives.Gradient)] // a custom pullback gives first derivatives only (ADG0013 otherwise)
    public static double QuantisedProduct(double x) => x * RoundStraightThrough(3 * x) + x * x;

    private static readonly double[] Weights = [0.5, 2.0, 1.5];

    /// <summary>
    /// Arrays passed where a helper takes <c>ReadOnlySpan&lt;double&gt;</c>: the <c>double[]</c> parameter, a local
    /// <c>double[]</c> of squares, a stackalloc'd <c>Span&lt;double&gt;</c> of sines, and a static readonly table W (a
    /// constant, also where the helper's parameter is differentiable). With x of length 3:
    /// f = sum_i w_i x_i^4 + sum_i W_i sin(x_i)^2 + sum_i W_i x_i^2 + sum_i W_i x_i^2.
    /// </summary>
    [Differentiable]
    public static double ConvertedArrayArguments(double[] x, [Constant] ReadOnlySpan<double> w)
    {
        double[] squares = new double[x.Length];
        Span<double> sines = stackalloc double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            squares[i] = x[i] * x[i];
            sines[i] = Math.Sin(x[i]);
        }

        return WeightedSquaredNorm(squares, w) + WeightedSquaredNorm(sines, Weights) + WeightedSquaredNorm(x, Weights) + Dot(Weights, squares);
    }

    /// <summary>
    /// sum_r (1 + r / 1000) W . x over <paramref name="repeats"/> repetitions (x of length 3, W the constant table): a call
    /// in a loop whose table argument gets a scratch adjoint (and zero tangent) from the tape in every iteration.
    /// </summary>
    [Differentiable]
    public static double TableInLoop(ReadOnlySpan<double> x, int repeats)
    {
        double sum = 0;
        for (int r = 0; r < repeats; r++)
        {
            sum += Dot(Weights, x) * (1 + (0.001 * r));
        }

        return sum;
    }

    /// <summary>sum_i a_i b_i, both differentiable.</summary>
    [Differentiable]
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}

/// <summary>
/// Library-like special functions the generator is not asked to differentiate: accurate approximations whose
/// derivatives are supplied by pullbacks (next to the function, or in the calling type).
/// </summary>
public static class SpecialFunctions
{
    private static readonly double[] LanczosCoefficients =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
        12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
    ];

    /// <summary>T log sum_i e^(v_i / T), computed stably (T &gt; 0).</summary>
    public static double TemperedLogSumExp(ReadOnlySpan<double> v, double temperature)
    {
        double largest = double.NegativeInfinity;
        foreach (double entry in v)
        {
            largest = Math.Max(largest, entry);
        }

        double sum = 0;
        foreach (double entry in v)
        {
            sum += Math.Exp((entry - largest) / temperature);
        }

        return largest + temperature * Math.Log(sum);
    }

    /// <summary>
    /// With p = softmax(v / T) and L = log sum e^(v_i / T): d/dv_i = p_i and d/dT = L - sum_i p_i v_i / T.
    /// </summary>
    [CustomDerivative(nameof(TemperedLogSumExp))]
    public static double TemperedLogSumExpPullback(
        ReadOnlySpan<double> v, double temperature, double seed, Span<double> vAdjoint, ref double temperatureAdjoint)
    {
        double value = TemperedLogSumExp(v, temperature);
        double weightedMean = 0;
        for (int i = 0; i < v.Length; i++)
        {
            double probability = Math.Exp((v[i] - value) / temperature);
            vAdjoint[i] += seed * probability;
            weightedMean += probability * v[i];
        }

        temperatureAdjoint += seed * (value - weightedMean) / temperature;
        return value;
    }

    /// <summary>ln Gamma(x) for x &gt; 0 by the Lanczos approximation (g = 7, 9 terms), about 1e-15 relative.</summary>
    public static double LogGamma(double x)
    {
        double z = x - 1;
        double series = LanczosCoefficients[0];
        for (int i = 1; i < LanczosCoefficients.Length; i++)
        {
            series += LanczosCoefficients[i] / (z + i);
        }

        double t = z + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(series);
    }

    /// <summary>d ln Gamma(x)/dx is the digamma function.</summary>
    [CustomDerivative(nameof(LogGamma))]
    public static double LogGammaPullback(double x, double seed, ref double xAdjoint)
    {
        xAdjoint += seed * Digamma(x);
        return LogGamma(x);
    }

    /// <summary>
    /// psi(x) for x &gt; 0: the recurrence psi(x) = psi(x + 1) - 1/x up to x &gt;= 20, then the asymptotic series
    /// ln x - 1/(2x) - sum B_2k / (2k x^2k) to k = 5, whose first omitted term (691 / (32760 x^12)) is below 1e-17 there.
    /// </summary>
    public static double Digamma(double x)
    {
        double shift = 0;
        while (x < 20)
        {
            shift -= 1 / x;
            x += 1;
        }

        double inverseSquare = 1 / (x * x);
        double tail = inverseSquare * (1.0 / 12 - inverseSquare * (1.0 / 120 - inverseSquare * (1.0 / 252
            - inverseSquare * (1.0 / 240 - inverseSquare * (1.0 / 132)))));
        return shift + Math.Log(x) - 0.5 / x - tail;
    }

    /// <summary>erf(z) for |z| &lt;= 3 by its Maclaurin series 2/sqrt(pi) sum (-1)^n z^(2n+1) / (n! (2n+1)).</summary>
    public static double Erf(double z)
    {
        double term = z;
        double sum = z;
        for (int n = 1; n < 100 && Math.Abs(term) > 1e-17 * Math.Abs(sum); n++)
        {
            term *= -z * z / n;
            sum += term / (2 * n + 1);
        }

        return 2 / Math.Sqrt(Math.PI) * sum;
    }
}

/// <summary>An instance model whose [Differentiable] methods call each other on <c>this</c>.</summary>
public sealed partial class TanhModel
{
    private readonly double scale;
    private readonly double shift;

    public TanhModel(double scale, double shift)
    {
        this.scale = scale;
        this.shift = shift;
    }

    /// <summary>scale tanh(t - shift).</summary>
    [Differentiable]
    public double Predict(double t) => scale * Math.Tanh(t - shift);

    /// <summary>sum_i (Predict(x_i) - x_i / 2)^2, calling the instance helper on this in a loop.</summary>
    [Differentiable]
    public double SelfConsistencyLoss(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double error = this.Predict(x[i]) - 0.5 * x[i];
            sum += error * error;
        }

        return sum;
    }
}
