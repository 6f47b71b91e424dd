using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>Counts across all programs, for the summary and for the "most points were really checked" assertion.</summary>
internal sealed class CheckTally
{
    public int Points { get; set; }

    /// <summary>Points where f itself was not finite (should stay near zero: the programs guard their domains).</summary>
    public int NonFinitePoints { get; set; }

    public int CoordinatesChecked { get; set; }

    /// <summary>Coordinates whose stencil crossed a kink, jump or branch, where finite differences mean nothing.</summary>
    public int CoordinatesSkippedAtKink { get; set; }

    public int CoordinatesSkippedNonFinite { get; set; }

    /// <summary>Coordinates where finite differences at h, h/2 and h/4 do not agree to a percent, so cannot judge.</summary>
    public int CoordinatesSkippedUnresolved { get; set; }

    /// <summary>Largest |g - fd| / max(1, |g|, |fd|) among checked coordinates: how much headroom the tolerance has.</summary>
    public double MaxRelativeError { get; set; }

    /// <summary>Where <see cref="MaxRelativeError"/> was seen.</summary>
    public string MaxRelativeErrorAt { get; set; } = "";

    /// <summary>Points whose directional derivative and Hessian-vector product were checked.</summary>
    public int SecondOrderChecked { get; set; }

    /// <summary>Points where the gradient stencil along the direction crossed a kink, so H v was not compared.</summary>
    public int SecondOrderSkipped { get; set; }
}

/// <summary>
/// Compares each generated gradient with central finite differences (h = 1e-5 relative, then h/2 and h/4, combined by
/// Romberg extrapolation; h shrinks by 8 up to twice where the estimate is uncertain or the stencil crosses a kink).
/// A coordinate is judged only when the recorded path (<see cref="KinksSource"/>) is the same at every stencil point, so
/// f is smooth along the stencil, and when the estimates converge as they must for a smooth f; otherwise it is counted
/// as skipped, never passed silently, and the test requires that nearly all coordinates are judged.
/// </summary>
internal static class GradientChecker
{
    /// <summary>
    /// Relative tolerance: a coordinate passes when |g - fd| &lt;= Tolerance * max(1, |g|, |fd|) plus the estimate's
    /// own uncertainty (the spread of its Richardson levels, tiny except where f curves sharply). Observed errors
    /// are around 1e-8.
    /// </summary>
    public const double Tolerance = 1e-6;

    /// <summary>Checks <paramref name="points"/> random points; returns a description of the first mismatch, or null.</summary>
    public static string? Check(CompiledProgram program, Random random, int points, CheckTally tally)
    {
        int n = program.Program.InputLength;
        for (int p = 0; p < points; p++)
        {
            tally.Points++;
            var x = new double[n];
            for (int i = 0; i < n; i++)
            {
                x[i] = (random.NextDouble() * 4) - 2;
            }

            string? failure = CheckPoint(program, x, tally);
            if (failure is not null)
            {
                return failure;
            }
        }

        return null;
    }

    /// <summary>Checks one point; returns a description of the first mismatch, or null.</summary>
    public static string? CheckPoint(CompiledProgram program, double[] x, CheckTally tally)
    {
        double f = program.Value(x);
        if (!double.IsFinite(f))
        {
            tally.NonFinitePoints++;
            return null;
        }

        // Junk in the outputs: the generated code must overwrite them, not accumulate into them.
        var gradient = Enumerable.Repeat(12345.0, x.Length).ToArray();
        double value;
        try
        {
            value = program.Gradient(x, gradient);
        }
        catch (Exception e)
        {
            return Report(program, x, "the generated gradient threw " + e.GetType().Name + ": " + e.Message);
        }

        if (!(Math.Abs(value - f) <= 1e-12 * Math.Max(1, Math.Abs(f))))
        {
            return Report(program, x, $"the generated gradient returned the value {R(value)}, but F returns {R(f)}");
        }

        // FGradient has its own copy of the sweeps (seed fixed at 1); FPullback, which callers and the HVP build on, must
        // give the same derivatives, scaled by its seed and added to what the adjoints held.
        if (program.Pullback is { } pullback && CheckPullback(program, pullback, x, f, gradient) is { } pullbackFailure)
        {
            return pullbackFailure;
        }

        long path = program.Trace(x);
        for (int i = 0; i < x.Length; i++)
        {
            // Start with h = 1e-5 (relative); where the estimate is still uncertain, or the stencil crosses a kink,
            // shrink h by 8 (twice at most) and keep the most certain estimate.
            double h = 1e-5 * Math.Max(1, Math.Abs(x[i]));
            Estimate? best = null;
            var outcome = Outcome.Kink;
            var resolved = new List<Estimate>();
            for (int attempt = 0; attempt < 3; attempt++, h /= 8)
            {
                var estimate = Differentiate(program, x, i, h, path);
                outcome = estimate.Outcome;
                if (outcome == Outcome.Resolved)
                {
                    resolved.Add(estimate);
                    if (best is null || estimate.Uncertainty < best.Value.Uncertainty)
                    {
                        best = estimate;
                    }
                }

                if (best is { } b && b.Uncertainty <= Tolerance * Math.Max(1, Math.Abs(b.Value)))
                {
                    break;
                }
            }

            // Estimates at different steps that disagree by more than their uncertainties: rounding noise that happened
            // to look like convergence at the smaller step, or structure finer than the larger one. Neither can judge.
            if (!Consistent(resolved))
            {
                best = null;
                outcome = Outcome.Unresolved;
            }

            if (best is not { } fd)
            {
                switch (outcome)
                {
                    case Outcome.Kink: tally.CoordinatesSkippedAtKink++; break;
                    case Outcome.NonFinite: tally.CoordinatesSkippedNonFinite++; break;
                    default: tally.CoordinatesSkippedUnresolved++; break;
                }

                continue;
            }

            double g = gradient[i];
            double scale = Math.Max(1, Math.Max(Math.Abs(g), Math.Abs(fd.Value)));
            double error = Math.Abs(g - fd.Value) / scale;
            bool agrees = Math.Abs(g - fd.Value) <= (Tolerance * scale) + fd.Uncertainty;

            // Before reporting, a far smaller step: an f that turns faster than the stencil resolves (the sine of a
            // large value) can fake convergence at h, h/2, h/4. When the two estimates differ by more than a percent
            // beyond their uncertainties (however noisy the smaller step is), differences cannot judge the gradient.
            if (!agrees
                && Differentiate(program, x, i, fd.Step / 512, path) is { Outcome: Outcome.Resolved or Outcome.Unresolved } finer
                && Math.Abs(finer.Value - fd.Value) > finer.Uncertainty + fd.Uncertainty + (0.01 * Math.Max(1, Math.Max(Math.Abs(finer.Value), Math.Abs(fd.Value)))))
            {
                tally.CoordinatesSkippedUnresolved++;
                continue;
            }

            tally.CoordinatesChecked++;
            if (!agrees)
            {
                return Report(
                    program,
                    x,
                    $"d f / d {program.Program.DescribeCoordinate(i)} (input coordinate {i}):\n" +
                    $"  expected (central differences, Romberg) = {R(fd.Value)}\n" +
                    $"  actual (generated gradient)             = {R(g)}\n" +
                    $"  relative error {R(error)} > tolerance {R(Tolerance)} (+ finite-difference uncertainty {R(fd.Uncertainty)}); " +
                    $"D(h) = {R(fd.Wide)}, D(h/2) = {R(fd.Middle)}, D(h/4) = {R(fd.Narrow)}, h = {R(fd.Step)}, f = {R(f)}");
            }

            if (error > tally.MaxRelativeError)
            {
                tally.MaxRelativeError = error;
                tally.MaxRelativeErrorAt = $"program #{program.Program.Index}, d f / d {program.Program.DescribeCoordinate(i)}, finite-difference uncertainty {fd.Uncertainty / scale:E1}";
            }
        }

        return CheckSecondOrder(program, x, f, gradient, path, tally);
    }

    /// <summary>
    /// Forward mode and forward over reverse at the same point, along a fixed direction: the directional derivative
    /// must equal g . d (both exact, so to rounding), and H d must equal central differences of the generated
    /// gradient along d (when the path does not change along the stencil).
    /// </summary>
    private static string? CheckSecondOrder(CompiledProgram program, double[] x, double f, double[] gradient, long path, CheckTally tally)
    {
        if (program.Directional is null || program.HessianVectorProduct is null)
        {
            return null;
        }

        var direction = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            direction[i] = Math.Sin(1.7 * i + 0.3);
        }

        double derivative;
        var product = Enumerable.Repeat(12345.0, x.Length).ToArray();
        double value;
        try
        {
            derivative = program.Directional(x, direction);
            value = program.HessianVectorProduct(x, direction, product);
        }
        catch (Exception e)
        {
            return Report(program, x, "the generated directional derivative or Hessian-vector product threw " + e.GetType().Name + ": " + e.Message);
        }

        double dot = 0, magnitude = 0;
        for (int i = 0; i < x.Length; i++)
        {
            dot += gradient[i] * direction[i];
            magnitude += Math.Abs(gradient[i] * direction[i]);
        }

        if (!(Math.Abs(derivative - dot) <= 1e-9 * Math.Max(1, magnitude)))
        {
            return Report(program, x, $"directional derivative {R(derivative)} differs from gradient . direction {R(dot)}");
        }

        if (!(Math.Abs(value - f) <= 1e-12 * Math.Max(1, Math.Abs(f))))
        {
            return Report(program, x, $"the Hessian-vector product returned the value {R(value)}, but F returns {R(f)}");
        }

        // Central differences of the gradient along d at h and h/2, extrapolated; only where the path is the same.
        double h = 1e-5;
        double[] At(double step)
        {
            var point = x.Select((xi, i) => xi + step * direction[i]).ToArray();
            var g = new double[x.Length];
            program.Gradient(point, g);
            return g;
        }

        bool samePath = new[] { h, -h, h / 2, -h / 2 }.All(step => program.Trace(x.Select((xi, i) => xi + step * direction[i]).ToArray()) == path);
        if (!samePath)
        {
            tally.SecondOrderSkipped++;
            return null;
        }

        double[] wide = At(h).Zip(At(-h), (a, b) => (a - b) / (2 * h)).ToArray();
        double[] narrow = At(h / 2).Zip(At(-h / 2), (a, b) => (a - b) / h).ToArray();

        // As for the gradient: differences that change at the percent level between h and h/2 do not resolve H d (the
        // gradient varies faster than the stencil, the sine of something steep), and cannot judge it.
        if (Enumerable.Range(0, x.Length).Any(i => Math.Abs(narrow[i] - wide[i]) > 0.01 * Math.Max(1, Math.Abs(narrow[i]))))
        {
            tally.SecondOrderSkipped++;
            return null;
        }

        tally.SecondOrderChecked++;
        for (int i = 0; i < x.Length; i++)
        {
            double estimate = (4 * narrow[i] - wide[i]) / 3;
            double uncertainty = Math.Abs(narrow[i] - wide[i]);
            double scale = Math.Max(1, Math.Max(Math.Abs(product[i]), Math.Abs(estimate)));
            if (!(Math.Abs(product[i] - estimate) <= (1e-5 * scale) + uncertainty))
            {
                return Report(
                    program,
                    x,
                    $"(H d)[{i}] for d_i = sin(1.7 i + 0.3): expected (differences of the generated gradient) {R(estimate)}, " +
                    $"actual (generated Hessian-vector product) {R(product[i])}, uncertainty {R(uncertainty)}");
            }
        }

        return null;
    }

    private enum Outcome
    {
        Resolved,

        /// <summary>The recorded path differs somewhere on the stencil: f is not smooth there.</summary>
        Kink,

        NonFinite,

        /// <summary>The estimates at h, h/2, h/4 do not converge: f varies faster than the stencil resolves.</summary>
        Unresolved,
    }

    private readonly record struct Estimate(Outcome Outcome, double Value, double Uncertainty, double Wide, double Middle, double Narrow, double Step);

    /// <summary>d f / d x_i by central differences at h, h/2 and h/4 and two Richardson levels (Romberg).</summary>
    private static Estimate Differentiate(CompiledProgram program, double[] x, int i, double h, long path)
    {
        double[] steps = [-h, -h / 2, -h / 4, h / 4, h / 2, h];
        var values = new double[steps.Length];
        var moved = new double[steps.Length];
        for (int s = 0; s < steps.Length; s++)
        {
            var xs = (double[])x.Clone();
            xs[i] += steps[s];
            moved[s] = xs[i];
            if (program.Trace(xs) != path)
            {
                return new Estimate(Outcome.Kink, 0, 0, 0, 0, 0, h);
            }

            values[s] = program.Value(xs);
        }

        if (!values.All(double.IsFinite))
        {
            return new Estimate(Outcome.NonFinite, 0, 0, 0, 0, 0, h);
        }

        // Differences over the steps actually taken (x + h is rounded). Each Richardson level cancels one error term
        // (h^2, then h^4); the spread of the first level bounds what is left.
        double d1 = Central(values, moved, 0), d2 = Central(values, moved, 1), d4 = Central(values, moved, 2);
        double r1 = ((4 * d2) - d1) / 3, r2 = ((4 * d4) - d2) / 3;
        double fd = ((16 * r2) - r1) / 15;

        // The spread of the levels, plus rounding: each value of f may be off by a few units in its last place, which
        // the narrowest difference (two values over h / 2) divides by h / 4 and the extrapolation weights by about 1.4.
        // Negligible unless f is large and h small.
        double lastPlace = values.Max(v => Math.BitIncrement(Math.Abs(v)) - Math.Abs(v));
        double uncertainty = Math.Abs(r2 - r1) + (1.5 * 4 * lastPlace / (h / 4));

        // For a smooth f resolved by the stencil, halving h divides the change of the estimate by 4 (the h^2 term).
        // When the estimates disagree at the percent level, or change in any other way while the change is above
        // rounding, f varies faster than the stencil resolves (the sine of something steep, or a loop that amplifies
        // rounding), and there is nothing reliable to compare the generated gradient with.
        double wideChange = d1 - d2, narrowChange = d2 - d4;
        bool significant = Math.Abs(wideChange) > 1e-7 * Math.Max(1, Math.Abs(fd));
        var outcome = uncertainty > 0.01 * Math.Max(1, Math.Abs(fd)) || (significant && !(wideChange / narrowChange is > 2.5 and < 6.5))
            ? Outcome.Unresolved
            : Outcome.Resolved;
        return new Estimate(outcome, fd, uncertainty, d1, d2, d4, h);
    }

    private static string? CheckPullback(CompiledProgram program, Func<double[], double, double[], double> pullback, double[] x, double f, double[] gradient)
    {
        const double seed = -1.75;
        var adjoint = Enumerable.Range(0, x.Length).Select(i => 0.5 + (0.25 * i)).ToArray();
        double value;
        try
        {
            value = pullback(x, seed, adjoint);
        }
        catch (Exception e)
        {
            return Report(program, x, "the generated pullback threw " + e.GetType().Name + ": " + e.Message);
        }

        if (!(Math.Abs(value - f) <= 1e-12 * Math.Max(1, Math.Abs(f))))
        {
            return Report(program, x, $"the generated pullback returned the value {R(value)}, but F returns {R(f)}");
        }

        for (int i = 0; i < x.Length; i++)
        {
            double expected = 0.5 + (0.25 * i) + (seed * gradient[i]);
            // Not bit for bit: the seed enters the products in another order than the gradient's 1.
            if (!(Math.Abs(adjoint[i] - expected) <= 1e-9 * Math.Max(1, Math.Abs(seed * gradient[i]))))
            {
                return Report(program, x, $"the pullback with seed {R(seed)} left adjoint {i} at {R(adjoint[i])}, but the initial value plus seed times the gradient is {R(expected)}");
            }
        }

        return null;
    }

    /// <summary>Whether every two estimates agree within their uncertainties (and the tolerance).</summary>
    private static bool Consistent(List<Estimate> estimates) =>
        estimates.All(a => estimates.All(b =>
            Math.Abs(a.Value - b.Value) <= a.Uncertainty + b.Uncertainty + (Tolerance * Math.Max(1, Math.Max(Math.Abs(a.Value), Math.Abs(b.Value))))));

    /// <summary>The central difference over the pair of stencil points <paramref name="pair"/> away from the middle (0 = widest).</summary>
    private static double Central(double[] values, double[] moved, int pair)
    {
        int left = pair, right = values.Length - 1 - pair;
        return (values[right] - values[left]) / (moved[right] - moved[left]);
    }

    private static string R(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Report(CompiledProgram program, double[] x, string what)
    {
        var text = new StringBuilder();
        text.Append("Program #").Append(program.Program.Index).Append(" (").Append(program.Program.ClassName).Append(") at input [")
            .Append(string.Join(", ", x.Select(R))).Append("]:\n").Append(what).Append('\n');
        return text.ToString();
    }
}
