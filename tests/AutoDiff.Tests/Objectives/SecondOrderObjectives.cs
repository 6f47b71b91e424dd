using System;

namespace AutoDiff.Tests.Objectives;

/// <summary>Objectives with closed-form Hessians, and control-flow objectives, for the second-order members.</summary>
public static partial class SecondOrderObjectives
{
    public static readonly double[] LogisticFeatures = [0.5, -1.2, 2.0, 1.0, 0.3, -0.7, -1.5, 0.8, 0.2];
    public static readonly double[] LogisticLabels = [1.0, 0.0, 1.0];

    /// <summary>Extended Rosenbrock, a loop over pairs.</summary>
    [Differentiable]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length - 1; i++)
        {
            double a = 1 - x[i], b = x[i + 1] - x[i] * x[i];
            sum += a * a + 100 * b * b;
        }

        return sum;
    }

    /// <summary>The lecture's ill-conditioned valley x^2/2 + rho y^2/2.</summary>
    [Differentiable]
    public static double Valley(ReadOnlySpan<double> x, [Constant] double rho) => 0.5 * x[0] * x[0] + 0.5 * rho * x[1] * x[1];

    /// <summary>Logistic loss sum_i log(1 + exp(-y_i' a_i'w)) with y' = 2y - 1, over three samples of three features.</summary>
    [Differentiable]
    public static double Logistic(ReadOnlySpan<double> w, [Constant] ReadOnlySpan<double> features, [Constant] ReadOnlySpan<double> labels)
    {
        double loss = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            double margin = 0;
            for (int j = 0; j < w.Length; j++)
            {
                margin += w[j] * features[i * w.Length + j];
            }

            double sign = 2 * labels[i] - 1;
            loss += Math.Log(1 + Math.Exp(-sign * margin));
        }

        return loss;
    }

    /// <summary>Wood's function (More, Garbow and Hillstrom problem 14) from its six residuals.</summary>
    [Differentiable]
    public static double Wood(ReadOnlySpan<double> x)
    {
        double r1 = 10 * (x[1] - x[0] * x[0]), r2 = 1 - x[0];
        double r3 = Math.Sqrt(90) * (x[3] - x[2] * x[2]), r4 = 1 - x[2];
        double r5 = Math.Sqrt(10) * (x[1] + x[3] - 2), r6 = (x[1] - x[3]) / Math.Sqrt(10);
        return r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4 + r5 * r5 + r6 * r6;
    }

    /// <summary>Powell's singular function (problem 13).</summary>
    [Differentiable]
    public static double PowellSingular(ReadOnlySpan<double> x)
    {
        double r1 = x[0] + 10 * x[1];
        double r2 = Math.Sqrt(5) * (x[2] - x[3]);
        double r3 = (x[1] - 2 * x[2]) * (x[1] - 2 * x[2]);
        double r4 = Math.Sqrt(10) * (x[0] - x[3]) * (x[0] - x[3]);
        return r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4;
    }

    [Differentiable]
    public static double Damped(double u, ReadOnlySpan<double> w) => Math.Exp(-u * u) * Math.Sin(w[0] + 2 * w[1]);

    /// <summary>Branches, a data-dependent while loop, a local array, a helper call and an early return.</summary>
    [Differentiable]
    public static double Tangled(ReadOnlySpan<double> x, double scale)
    {
        Span<double> buffer = stackalloc double[x.Length];
        double product = 1;
        int k = 0;
        while (k < x.Length && product < 50)
        {
            buffer[k] = x[k] > 0 ? scale * x[k] * x[k] : Math.Exp(x[k]);
            product *= 1 + Math.Abs(buffer[k]);
            k++;
        }

        double total = 0;
        for (int i = 0; i < k; i++)
        {
            if (buffer[i] > 3)
            {
                return total + Damped(buffer[i], x) * product;
            }

            total += Damped(scale * buffer[i], x) + Math.Log(product);
        }

        return total * scale;
    }

    /// <summary>H of the 2-D Rosenbrock function, row-major.</summary>
    public static double[] RosenbrockHessian2(double[] x) =>
    [
        1200 * x[0] * x[0] - 400 * x[1] + 2, -400 * x[0],
        -400 * x[0], 200,
    ];

    public static double[] WoodHessian(double[] x) =>
    [
        1200 * x[0] * x[0] - 400 * x[1] + 2, -400 * x[0], 0, 0,
        -400 * x[0], 220.2, 0, 19.8,
        0, 0, 1080 * x[2] * x[2] - 360 * x[3] + 2, -360 * x[2],
        0, 19.8, -360 * x[2], 200.2,
    ];

    public static double[] PowellSingularHessian(double[] x)
    {
        double u = x[1] - 2 * x[2], w = x[0] - x[3];
        return
        [
            2 + 120 * w * w, 20, 0, -120 * w * w,
            20, 200 + 12 * u * u, -24 * u * u, 0,
            0, -24 * u * u, 10 + 48 * u * u, -10,
            -120 * w * w, 0, -10, 10 + 120 * w * w,
        ];
    }

    /// <summary>sum_i s_i (1 - s_i) a_i a_i' with s_i the logistic of the margin.</summary>
    public static double[] LogisticHessian(double[] w)
    {
        int n = w.Length;
        var hessian = new double[n * n];
        for (int i = 0; i < LogisticLabels.Length; i++)
        {
            double margin = 0;
            for (int j = 0; j < n; j++)
            {
                margin += w[j] * LogisticFeatures[i * n + j];
            }

            double s = 1 / (1 + Math.Exp(-margin));
            for (int r = 0; r < n; r++)
            {
                for (int c = 0; c < n; c++)
                {
                    hessian[r * n + c] += s * (1 - s) * LogisticFeatures[i * n + r] * LogisticFeatures[i * n + c];
                }
            }
        }

        return hessian;
    }
}
