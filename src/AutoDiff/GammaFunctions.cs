using System;

namespace AutoDiff;

/// <summary>
/// The derivatives of the log-gamma function, which generated code calls for a <c>[Differentiable]</c> method that uses
/// Math.NET's <c>SpecialFunctions.GammaLn</c> (and which a method may call itself: the generator differentiates them).
/// </summary>
public static class GammaFunctions
{
    // Bernoulli numbers B_2, B_4, ..., B_16 of the asymptotic series.
    private static readonly double[] Bernoulli = [1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730, 7.0 / 6, -3617.0 / 510];

    // Where the asymptotic series starts: at x >= 15 its first omitted term is below 1e-17 of the result for orders up to 3.
    private const double AsymptoticFrom = 15;

    /// <summary>
    /// The polygamma function psi^(n)(x), the (n+1)-th derivative of ln Gamma(x): psi^(0) is the digamma function,
    /// psi^(1) the trigamma. NaN at the poles (x = 0, -1, -2, ...) and for NaN.
    /// </summary>
    /// <remarks>
    /// For x &gt; 0: the recurrence psi^(n)(x) = psi^(n)(x + 1) - (-1)^n n! / x^(n+1) up to x &gt;= 15, then the asymptotic
    /// series with Bernoulli numbers (Abramowitz and Stegun 6.3.18 and 6.4.11); the tests find it within 4e-15 of known
    /// values (an absolute error near digamma's root at 1.4616, where the value is small). For x &lt; 0, orders 0 to 3 use the reflection formula psi^(n)(1 - x) +
    /// (-1)^(n+1) psi^(n)(x) = (-1)^n pi d^n/dx^n cot(pi x) (A and S 6.4.7); higher orders use the recurrence, whose cost
    /// grows with |x|.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is negative.</exception>
    public static double Polygamma(int order, double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(order);
        if (double.IsNaN(x) || (x <= 0 && x == Math.Floor(x)))
        {
            return double.NaN;
        }

        if (x < 0 && order <= 3)
        {
            return Reflected(order, x);
        }

        if (double.IsPositiveInfinity(x))
        {
            return order == 0 ? double.PositiveInfinity : 0.0;
        }

        // Shift x up: each step removes the term (-1)^n n! / x^(n+1) that psi^(n)(x + 1) adds.
        double factorial = Factorial(order);
        double sign = order % 2 == 0 ? 1 : -1;
        double shift = 0;
        while (x < AsymptoticFrom)
        {
            shift += sign * factorial / Math.Pow(x, order + 1);
            x += 1;
        }

        return Asymptotic(order, x) - shift;
    }

    /// <summary>The asymptotic series of psi^(n) at x &gt;= 15.</summary>
    private static double Asymptotic(int order, double x)
    {
        double inverse = 1 / x;
        double inverseSquared = inverse * inverse;
        if (order == 0)
        {
            // ln x - 1/(2x) - sum_k B_2k / (2k x^2k)
            double sum = 0;
            double power = inverseSquared;
            for (int k = 1; k <= Bernoulli.Length; k++)
            {
                sum += Bernoulli[k - 1] / (2 * k) * power;
                power *= inverseSquared;
            }

            return Math.Log(x) - (0.5 * inverse) - sum;
        }

        // (-1)^(n+1) [ (n-1)!/x^n + n!/(2 x^(n+1)) + sum_k B_2k c_k ], c_k = (2k+n-1)! / ((2k)! x^(2k+n)): c_0 is the
        // leading term and c_k = c_(k-1) (2k+n-2)(2k+n-1) / ((2k-1) 2k x^2).
        double leading = Factorial(order - 1) * Math.Pow(inverse, order);
        double series = leading + (leading * order * 0.5 * inverse);
        double term = leading;
        for (int k = 1; k <= Bernoulli.Length; k++)
        {
            term *= (2.0 * k + order - 2) * (2.0 * k + order - 1) / ((2.0 * k - 1) * (2.0 * k)) * inverseSquared;
            series += Bernoulli[k - 1] * term;
        }

        return order % 2 == 1 ? series : -series;
    }

    /// <summary>psi^(n)(x) for x &lt; 0 from psi^(n)(1 - x), for n &lt;= 3.</summary>
    private static double Reflected(int order, double x)
    {
        double mirrored = Polygamma(order, 1 - x);
        double sin = double.SinPi(x);
        double cos = double.CosPi(x);
        return order switch
        {
            0 => mirrored - (Math.PI * cos / sin),
            1 => -mirrored + (Math.PI * Math.PI / (sin * sin)),
            2 => mirrored - (2 * Math.Pow(Math.PI, 3) * cos / (sin * sin * sin)),
            _ => -mirrored + (2 * Math.Pow(Math.PI, 4) * ((2 * cos * cos) + 1) / (sin * sin * sin * sin)),
        };
    }

    private static double Factorial(int n)
    {
        double result = 1;
        for (int i = 2; i <= n; i++)
        {
            result *= i;
        }

        return result;
    }
}
