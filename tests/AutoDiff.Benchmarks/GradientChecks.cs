using System;
using System.IO;
using AutoDiff.Benchmarks.Objectives;

namespace AutoDiff.Benchmarks;

/// <summary>
/// Checks, run by each benchmark's setup and by <c>--check</c>, that the benchmarked gradients are right: central
/// finite differences (and, for Rosenbrock, the hand-written gradient; for GMM, an independent evaluation of the
/// objective through the explicit matrix Q_k). A benchmark of a wrong gradient is worthless, so they throw.
/// </summary>
public static class GradientChecks
{
    private const double Step = 1e-6;
    private const double Tolerance = 1e-6;

    public static void RunAll(TextWriter output)
    {
        CheckRosenbrock();
        output.WriteLine("Rosenbrock (and written through a local array): generated gradient = hand-written = finite differences; HVP = differences of the gradient");
        CheckDenseLayer();
        output.WriteLine("Dense layer: generated gradient = finite differences; HVP = differences of the gradient");
        CheckHandVectorised();
        output.WriteLine("Hand-vectorised kernels: Rosenbrock gradient = hand-written scalar (n = 2, 3, 7, 104); dense layer = generated (4 x 3 x 2, 37 x 5 x 3); bandwidth kernel copies x into g");
        CheckGmm();
        output.WriteLine("GMM (d=2 and 4, K=3, n=5): objective = explicit-matrix reference, generated gradient = finite differences; HVP = differences of the gradient");
        try
        {
            CheckGmmLocalArrays();
            output.WriteLine("GMM written with local arrays: generated gradient = finite differences");
        }
        catch (InvalidOperationException e)
        {
            output.WriteLine("GMM written with local arrays (not benchmarked): " + e.Message);
        }

        CheckJacobians();
        output.WriteLine("Jacobians: generated = hand-written = row by row (tall, 7 x 3); generated = hand-written (wide, 4 x 9)");
        AllocationChecks.Run(output);
    }

    /// <summary>The benchmarked Jacobians agree with the hand-written ones (and the tall one with the row-by-row route).</summary>
    public static void CheckJacobians()
    {
        var random = new Random(5);
        double[] p = [2.0, -0.7, 1.1];
        double[] t = TestData.Uniform(random, 7, 0, 3), y = TestData.Uniform(random, 7, 0, 4);
        double[] r = new double[7], rHand = new double[7], rRows = new double[7];
        double[] generated = new double[21], hand = new double[21], rows = new double[21];
        JacobianObjectives.ResidualsJacobian(p, t, y, r, generated);
        JacobianObjectives.HandWrittenJacobian(p, t, y, rHand, hand);
        JacobianObjectives.RowByRowJacobian(p, t, y, rRows, rows);
        for (int k = 0; k < 21; k++)
        {
            Require(Close(generated[k], hand[k]) && Close(rows[k], hand[k]), $"tall Jacobian[{k}]: generated {generated[k]}, row by row {rows[k]}, hand-written {hand[k]}");
        }

        for (int i = 0; i < 7; i++)
        {
            Require(Close(r[i], rHand[i]) && Close(rRows[i], rHand[i]), $"residual {i}");
        }

        double[] x = TestData.Uniform(random, 9, -2, 2);
        double[] m = new double[4], mHand = new double[4], wide = new double[36], wideHand = new double[36];
        JacobianObjectives.MomentsJacobian(x, m, wide);
        JacobianObjectives.HandWrittenMomentsJacobian(x, mHand, wideHand);
        for (int k = 0; k < 36; k++)
        {
            Require(Close(wide[k], wideHand[k]), $"wide Jacobian[{k}]: generated {wide[k]}, hand-written {wideHand[k]}");
        }

        for (int i = 0; i < 4; i++)
        {
            Require(Close(m[i], mHand[i]), $"moment {i}");
        }
    }

    public static void CheckRosenbrock()
    {
        var random = new Random(1);
        double[] x = TestData.Uniform(random, 7, -2, 2);
        var generated = new double[x.Length];
        var handWritten = new double[x.Length];
        double f = RosenbrockObjectives.RosenbrockGradient(x, generated);
        double fHand = RosenbrockObjectives.HandWrittenGradient(x, handWritten);
        Require(Close(f, RosenbrockObjectives.Rosenbrock(x)) && Close(fHand, f), "Rosenbrock value");
        for (int i = 0; i < x.Length; i++)
        {
            Require(Close(generated[i], handWritten[i]), $"Rosenbrock gradient[{i}]: generated {generated[i]}, hand-written {handWritten[i]}");
        }

        CompareWithFiniteDifferences("Rosenbrock", x, generated, p => RosenbrockObjectives.Rosenbrock(p));

        var localArray = new double[x.Length];
        Require(Close(RosenbrockObjectives.RosenbrockLocalArrayGradient(x, localArray), f), "Rosenbrock (local array) value");
        for (int i = 0; i < x.Length; i++)
        {
            Require(Close(localArray[i], handWritten[i]), $"Rosenbrock (local array) gradient[{i}]: generated {localArray[i]}, hand-written {handWritten[i]}");
        }

        CompareWithFiniteDifferences("Rosenbrock (local array)", x, localArray, p => RosenbrockObjectives.RosenbrockLocalArray(p));
        double[] direction = TestData.Normal(random, x.Length);
        var localArrayProduct = new double[x.Length];
        Require(Close(RosenbrockObjectives.RosenbrockLocalArrayHessianVectorProduct(x, direction, localArrayProduct), f), "Rosenbrock (local array) HVP value");
        CompareHessianVectorProduct(
            "Rosenbrock (local array)", [x], [direction], [localArrayProduct], (p, g) => RosenbrockObjectives.RosenbrockLocalArrayGradient(p[0], g[0]));

        double[] v = TestData.Normal(random, x.Length);
        var hv = new double[x.Length];
        Require(Close(RosenbrockObjectives.RosenbrockHessianVectorProduct(x, v, hv), f), "Rosenbrock HVP value");
        CompareHessianVectorProduct("Rosenbrock", [x], [v], [hv], (p, g) => RosenbrockObjectives.RosenbrockGradient(p[0], g[0]));
    }

    /// <summary>The hand-vectorised reference kernels agree with the scalar gradients, through vector loops and scalar tails.</summary>
    public static void CheckHandVectorised()
    {
        var random = new Random(6);
        foreach (int n in new[] { 2, 3, 7, 104 })
        {
            double[] x = TestData.Uniform(random, n, -2, 2);
            double[] scalar = new double[n], vectorised = new double[n], copy = new double[n];
            double f = RosenbrockObjectives.HandWrittenGradient(x, scalar);
            vectorised.AsSpan().Fill(double.NaN); // every element must be written
            Require(Close(HandVectorisedKernels.RosenbrockGradient(x, vectorised), f), $"hand-vectorised Rosenbrock value (n = {n})");
            for (int i = 0; i < n; i++)
            {
                Require(Close(vectorised[i], scalar[i]), $"hand-vectorised Rosenbrock gradient[{i}] (n = {n}): {vectorised[i]}, scalar {scalar[i]}");
            }

            HandVectorisedKernels.ReadXWriteGradient(x, copy);
            Require(copy.AsSpan().SequenceEqual(x), $"bandwidth kernel (n = {n})");
        }

        foreach ((int inputs, int outputs, int samples) in new[] { (4, 3, 2), (37, 5, 3) })
        {
            double[] w = TestData.Normal(random, outputs * inputs);
            double[] b = TestData.Normal(random, outputs);
            double[] x = TestData.Normal(random, samples * inputs);
            double[] y = TestData.Normal(random, samples * outputs);
            double[] gw = new double[w.Length], gb = new double[b.Length], vw = new double[w.Length], vb = new double[b.Length];
            double f = DenseLayerObjectives.DenseLayerLossGradient(w, b, x, y, inputs, outputs, samples, gw, gb);
            Require(
                Close(HandVectorisedKernels.DenseLayerLossGradient(w, b, x, y, inputs, outputs, samples, vw, vb), f),
                $"hand-vectorised dense layer value ({inputs} x {outputs} x {samples})");
            for (int i = 0; i < w.Length; i++)
            {
                Require(Close(vw[i], gw[i]), $"hand-vectorised dense layer W gradient[{i}]: {vw[i]}, generated {gw[i]}");
            }

            for (int i = 0; i < b.Length; i++)
            {
                Require(Close(vb[i], gb[i]), $"hand-vectorised dense layer b gradient[{i}]: {vb[i]}, generated {gb[i]}");
            }
        }
    }

    public static void CheckDenseLayer()
    {
        const int inputs = 4, outputs = 3, samples = 2;
        var random = new Random(2);
        double[] w = TestData.Normal(random, outputs * inputs);
        double[] b = TestData.Normal(random, outputs);
        double[] x = TestData.Normal(random, samples * inputs);
        double[] y = TestData.Normal(random, samples * outputs);
        var gw = new double[w.Length];
        var gb = new double[b.Length];
        double f = DenseLayerObjectives.DenseLayerLossGradient(w, b, x, y, inputs, outputs, samples, gw, gb);
        Require(Close(f, DenseLayerObjectives.DenseLayerLoss(w, b, x, y, inputs, outputs, samples)), "Dense layer value");
        CompareWithFiniteDifferences("Dense layer W", w, gw, p => DenseLayerObjectives.DenseLayerLoss(p, b, x, y, inputs, outputs, samples));
        CompareWithFiniteDifferences("Dense layer b", b, gb, p => DenseLayerObjectives.DenseLayerLoss(w, p, x, y, inputs, outputs, samples));

        double[] vw = TestData.Normal(random, w.Length);
        double[] vb = TestData.Normal(random, b.Length);
        var hw = new double[w.Length];
        var hb = new double[b.Length];
        Require(Close(DenseLayerObjectives.DenseLayerLossHessianVectorProduct(w, b, x, y, inputs, outputs, samples, vw, vb, hw, hb), f), "Dense layer HVP value");
        CompareHessianVectorProduct(
            "Dense layer", [w, b], [vw, vb], [hw, hb],
            (p, g) => DenseLayerObjectives.DenseLayerLossGradient(p[0], p[1], x, y, inputs, outputs, samples, g[0], g[1]));
    }

    /// <summary>d = 2, K = 3, n = 5 as the issue asks, and d = 4 so the column-by-column indexing of l_k is exercised.</summary>
    public static void CheckGmm()
    {
        CheckGmm(2, 3, 5);
        CheckGmm(4, 3, 5);
    }

    private static void CheckGmm(int d, int k, int n)
    {
        var random = new Random(3 + d);
        (double[] alpha, double[] means, double[] icf, double[] x) = GmmData(random, d, k, n);
        double constant = GmmObjectives.Constant(d, k, n);
        var ga = new double[alpha.Length];
        var gm = new double[means.Length];
        var gq = new double[icf.Length];
        double f = GmmObjectives.GmmGradient(alpha, means, icf, x, d, k, n, constant, ga, gm, gq);
        double plain = GmmObjectives.Gmm(alpha, means, icf, x, d, k, n, constant);
        double reference = ReferenceGmm(alpha, means, icf, x, d, k, n);
        Require(Close(f, plain) && Close(plain, reference), $"GMM value: gradient returned {f}, function {plain}, reference {reference}");
        CompareWithFiniteDifferences("GMM alpha", alpha, ga, p => GmmObjectives.Gmm(p, means, icf, x, d, k, n, constant));
        CompareWithFiniteDifferences("GMM means", means, gm, p => GmmObjectives.Gmm(alpha, p, icf, x, d, k, n, constant));
        CompareWithFiniteDifferences("GMM icf", icf, gq, p => GmmObjectives.Gmm(alpha, means, p, x, d, k, n, constant));

        double[] va = TestData.Normal(random, alpha.Length);
        double[] vm = TestData.Normal(random, means.Length);
        double[] vq = TestData.Normal(random, icf.Length);
        var ha = new double[alpha.Length];
        var hm = new double[means.Length];
        var hq = new double[icf.Length];
        Require(Close(GmmObjectives.GmmHessianVectorProduct(alpha, means, icf, x, d, k, n, constant, va, vm, vq, ha, hm, hq), f), "GMM HVP value");
        CompareHessianVectorProduct(
            $"GMM (d={d})", [alpha, means, icf], [va, vm, vq], [ha, hm, hq],
            (p, g) => GmmObjectives.GmmGradient(p[0], p[1], p[2], x, d, k, n, constant, g[0], g[1], g[2]));
    }

    /// <summary>The same check for <see cref="GmmObjectives.GmmLocalArrays"/>.</summary>
    public static void CheckGmmLocalArrays()
    {
        const int d = 2, k = 3, n = 5;
        var random = new Random(3);
        (double[] alpha, double[] means, double[] icf, double[] x) = GmmData(random, d, k, n);
        double constant = GmmObjectives.Constant(d, k, n);
        var ga = new double[alpha.Length];
        var gm = new double[means.Length];
        var gq = new double[icf.Length];
        double f = GmmObjectives.GmmLocalArraysGradient(alpha, means, icf, x, d, k, n, constant, ga, gm, gq);
        Require(Close(f, ReferenceGmm(alpha, means, icf, x, d, k, n)), "GMM (local arrays) value");
        CompareWithFiniteDifferences("GMM (local arrays) alpha", alpha, ga, p => GmmObjectives.GmmLocalArrays(p, means, icf, x, d, k, n, constant));
        CompareWithFiniteDifferences("GMM (local arrays) means", means, gm, p => GmmObjectives.GmmLocalArrays(alpha, p, icf, x, d, k, n, constant));
        CompareWithFiniteDifferences("GMM (local arrays) icf", icf, gq, p => GmmObjectives.GmmLocalArrays(alpha, means, p, x, d, k, n, constant));
    }

    /// <summary>alpha ~ N(0,1), mu ~ U(0,1), q, l ~ N(0,1), x ~ N(0,1) (DESIGN.md).</summary>
    public static (double[] Alpha, double[] Means, double[] Icf, double[] X) GmmData(Random random, int d, int k, int n) =>
        (TestData.Normal(random, k),
         TestData.Uniform(random, k * d, 0, 1),
         TestData.Normal(random, k * d * (d + 1) / 2),
         TestData.Normal(random, n * d));

    /// <summary>The GMM objective computed a second way: build each Q_k as a dense matrix, no max-subtraction shortcuts shared with the benchmarked code.</summary>
    private static double ReferenceGmm(double[] alpha, double[] means, double[] icf, double[] x, int d, int k, int n)
    {
        int icfSize = d * (d + 1) / 2;
        var q = new double[k][,];
        var logDet = new double[k];
        double prior = 0;
        for (int c = 0; c < k; c++)
        {
            q[c] = new double[d, d];
            int index = d;
            for (int col = 0; col < d; col++)
            {
                q[c][col, col] = Math.Exp(icf[c * icfSize + col]);
                logDet[c] += icf[c * icfSize + col];
                for (int row = col + 1; row < d; row++)
                {
                    q[c][row, col] = icf[c * icfSize + index++];
                }
            }

            for (int row = 0; row < d; row++)
            {
                for (int col = 0; col < d; col++)
                {
                    prior += 0.5 * q[c][row, col] * q[c][row, col];
                }
            }
        }

        double total = 0;
        var terms = new double[k];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < k; c++)
            {
                double norm = 0;
                for (int row = 0; row < d; row++)
                {
                    double v = 0;
                    for (int col = 0; col < d; col++)
                    {
                        v += q[c][row, col] * (x[i * d + col] - means[c * d + col]);
                    }

                    norm += v * v;
                }

                terms[c] = alpha[c] + logDet[c] - 0.5 * norm;
            }

            total += LogSumExp(terms);
        }

        double nPrime = d + 1;
        double wishartC = nPrime * d * (0 - 0.5 * Math.Log(2)) - GmmObjectives.LogMultivariateGamma(0.5 * nPrime, d);
        return -0.5 * n * d * Math.Log(2 * Math.PI) + total - n * LogSumExp(alpha) + prior - k * wishartC;
    }

    private static double LogSumExp(double[] values)
    {
        double largest = double.NegativeInfinity;
        foreach (double v in values)
        {
            largest = Math.Max(largest, v);
        }

        double sum = 0;
        foreach (double v in values)
        {
            sum += Math.Exp(v - largest);
        }

        return largest + Math.Log(sum);
    }

    private static void CompareWithFiniteDifferences(string name, double[] point, double[] gradient, Func<double[], double> f)
    {
        var probe = (double[])point.Clone();
        for (int i = 0; i < point.Length; i++)
        {
            double h = Step * Math.Max(1, Math.Abs(point[i]));
            probe[i] = point[i] + h;
            double up = f(probe);
            probe[i] = point[i] - h;
            double down = f(probe);
            probe[i] = point[i];
            double estimate = (up - down) / (2 * h);
            Require(
                Math.Abs(estimate - gradient[i]) <= Tolerance * Math.Max(1, Math.Max(Math.Abs(estimate), Math.Abs(gradient[i]))) * 100,
                $"{name}[{i}]: generated {gradient[i]:R}, central finite difference {estimate:R}");
        }
    }

    /// <summary>The product against a central difference of the generated gradient along the direction.</summary>
    private static void CompareHessianVectorProduct(
        string name, double[][] point, double[][] direction, double[][] product, Action<double[][], double[][]> gradient)
    {
        const double h = 1e-5;
        double[][] Shifted(double sign)
        {
            var shifted = new double[point.Length][];
            for (int p = 0; p < point.Length; p++)
            {
                shifted[p] = new double[point[p].Length];
                for (int i = 0; i < shifted[p].Length; i++)
                {
                    shifted[p][i] = point[p][i] + sign * h * direction[p][i];
                }
            }

            return shifted;
        }

        double[][] GradientAt(double[][] at)
        {
            var g = new double[at.Length][];
            for (int p = 0; p < at.Length; p++)
            {
                g[p] = new double[at[p].Length];
            }

            gradient(at, g);
            return g;
        }

        double[][] up = GradientAt(Shifted(1));
        double[][] down = GradientAt(Shifted(-1));
        for (int p = 0; p < point.Length; p++)
        {
            for (int i = 0; i < point[p].Length; i++)
            {
                double estimate = (up[p][i] - down[p][i]) / (2 * h);
                Require(
                    Math.Abs(estimate - product[p][i]) <= 1e-4 * Math.Max(1, Math.Max(Math.Abs(estimate), Math.Abs(product[p][i]))),
                    $"{name} Hessian-vector product [{p}][{i}]: generated {product[p][i]:R}, central difference of the gradient {estimate:R}");
            }
        }
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-10 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Gradient check failed: " + message);
        }
    }
}
