using System;
using System.Globalization;
using System.Linq;
using Quickstart;

// Differentiates a few objectives with the generated {Name}Gradient methods and checks every partial derivative
// against a central finite difference. Prints one row per coordinate; exits 1 if any check fails.

double[] lineXs = [0.0, 1.0, 2.0];
double[] lineYs = [1.1, 2.9, 5.2];

bool allAgree = true;
Console.WriteLine($"{"objective",-22} {"point",-26} {"value",14}  {"i",2} {"generated",18} {"finite diff.",18} {"check",5}");
Console.WriteLine(new string('-', 112));

Check(
    "Rosenbrock", [-1.2, 1.0],
    p => Objectives.Rosenbrock(p),
    (p, g) => Objectives.RosenbrockGradient(p, g));
Check(
    "ExtendedRosenbrock4", [-1.2, 1.0, -1.2, 1.0],
    p => Objectives.ExtendedRosenbrock4(p),
    (p, g) => Objectives.ExtendedRosenbrock4Gradient(p, g));
Check(
    "Landscape", [0.7, -1.3],
    p => Objectives.Landscape(p[0], p[1]),
    (p, g) => Objectives.LandscapeGradient(p[0], p[1], out g[0], out g[1]));
Check(
    "LineFitError", [1.5, 0.5],
    p => Objectives.LineFitError(p[0], p[1], lineXs, lineYs),
    (p, g) => Objectives.LineFitErrorGradient(p[0], p[1], lineXs, lineYs, out g[0], out g[1]));

Console.WriteLine();
Console.WriteLine(allAgree ? "All gradients agree with finite differences." : "Some gradients DISAGREE with finite differences.");
return allAgree ? 0 : 1;

// Calls the generated gradient at the point and prints it next to a finite difference for each coordinate.
void Check(string name, double[] point, Func<double[], double> function, Func<double[], double[], double> gradient)
{
    var generated = new double[point.Length];
    double value = gradient(point, generated);
    for (int i = 0; i < point.Length; i++)
    {
        double numerical = CentralDifference(function, point, i);
        bool agrees = Math.Abs(generated[i] - numerical) <= 1e-6 * Math.Max(1, Math.Max(Math.Abs(generated[i]), Math.Abs(numerical)));
        allAgree &= agrees;
        string pointText = i == 0 ? "(" + string.Join(", ", point.Select(v => Format(v, "0.###"))) + ")" : "";
        string nameText = i == 0 ? name : "";
        string valueText = i == 0 ? Format(value, "0.000000") : "";
        Console.WriteLine(
            $"{nameText,-22} {pointText,-26} {valueText,14}  {i,2} {Format(generated[i], "0.000000000"),18} " +
            $"{Format(numerical, "0.000000000"),18} {(agrees ? "ok" : "FAIL"),5}");
    }
}

// (f(x + h e_i) - f(x - h e_i)) / 2h with h = cbrt(eps) max(1, |x_i|): balances truncation against rounding error.
static double CentralDifference(Func<double[], double> function, double[] point, int i)
{
    double step = Math.Cbrt(2.220446049250313e-16) * Math.Max(1, Math.Abs(point[i]));
    double[] shifted = (double[])point.Clone();
    shifted[i] = point[i] + step;
    double forward = function(shifted);
    shifted[i] = point[i] - step;
    double backward = function(shifted);
    return (forward - backward) / (2 * step);
}

static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
