// Ported from Math.NET Numerics (MIT licence, Copyright (c) 2002-2022 Math.NET), see ../ATTRIBUTION.md:
// src/Numerics.Tests/OptimizationTests/TestFunctions/*.cs (the ItemValue residual of each More-Garbow-Hillstrom
// test function) and RosenbrockFunction.Value. Bodies as written; Vector<double> became ReadOnlySpan<double>, the
// instance overrides became static methods of a static partial class named after the original class, and the helper
// theta is marked [Differentiable] so that ItemValue may call it.
using System;
using AutoDiff;

namespace Corpus.MathNet
{
    public static partial class BealeFunction
    {
        private static readonly double[] y = { 1.5, 2.25, 2.625};

        [Differentiable]
        public static double ItemValue(ReadOnlySpan<double> x, int itemIndex)
        {
            int ii = itemIndex + 1;
            return y[itemIndex] - x[0] * (1 - Math.Pow(x[1], ii));
        }
    }

    public static partial class BrownAndDennisFunction
    {
        [Differentiable]
        public static double ItemValue(ReadOnlySpan<double> x, int itemIndex)
        {
            var ii = itemIndex + 1;
            var t = ii / 5.0;
            return Math.Pow(x[0] + t * x[1] - Math.Exp(t), 2.0) + Math.Pow(x[2] + x[3] * Math.Sin(t) - Math.Cos(t), 2);
        }
    }

    public static partial class BrownBadlyScaledFunction
    {
        [Differentiable]
        public static double ItemValue(ReadOnlySpan<double> x, int itemIndex)
        {
            switch (itemIndex)
            {
                case 0:
                    return x[0] - 1e6;
                case 1:
                    return x[1] - 2e-6;
                case 2:
                    return x[0] * x[1] - 2;
                default:
                    throw new ArgumentException("itemIndex must be <= 2");
            }
        }
    }

    public static partial class FreudensteinAndRothFunction
    {
        [Differentiable]
        public static double ItemValue(ReadOnlySpan<double> x, int itemIndex)
        {
            if (itemIndex == 0)
                return -13 + x[0] + ((5 - x[1]) * x[1] - 2) * x[1];
            else
                return -29 + x[0] + ((x[1] + 1) * x[1] - 14) * x[1];
        }
    }

    public static partial class HelicalValleyFunction
    {
        [Differentiable]
        private static double theta(double x1, double x2)
        {
            if (x1 >= 0)
                return 0.5 * Math.Atan(x2 / x1) / Math.PI;
            else
                return 0.5 * Math.Atan(x2 / x1) / Math.PI + 0.5;
        }

        [Differentiable]
        public static double ItemValue(ReadOnlySpan<double> x, int itemIndex)
        {
            switch (itemIndex)
            {
                case 0:
                    return 10 * (x[2] - 10 * theta(x[0], x[1]));
                case 1:
                    return 10 * (Math.Sqrt(x[0] * x[0] + x[1] * x[1]) - 1);
                case 2:
                    return x[2];
                default:
                    throw new ArgumentException("itemIndex must be <= 2");
            }
        }
    }

    public static partial class JennrichAndSampsonFunction
    {
        [Differentiable]
        public static double ItemValue(ReadOnlySpan<double> x, int itemIndex)
        {
            int ii = itemIndex + 1;
            return 2 + 2 * ii - (Math.Exp(ii * x[0]) + Math.Exp(ii * x[1]));
        }
    }

    public static partial class MeyerFunction
    {
        private static readonly double[] y = { 34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744, 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872 };

        [Differentiable]
        public static double ItemValue(ReadOnlySpan<double> x, int itemIndex)
        {
            var ii = itemIndex + 1;
            var t = 45.0 + 5 * ii;
            return x[0] * Math.Exp(x[1] / (t + x[2])) - y[itemIndex];
        }
    }

    public static partial class PowellBadlyScaledFunction
    {
        [Differentiable]
        public static double ItemValue(ReadOnlySpan<double> x, int itemIndex)
        {
            if (itemIndex == 0)
                return 10000.0 * x[0] * x[1] - 1;
            else
                return Math.Exp(-x[0]) + Math.Exp(-x[1]) - 1.0001;
        }
    }

    public static partial class PowellSingularFunction
    {
        [Differentiable]
        public static double ItemValue(ReadOnlySpan<double> x, int itemIndex)
        {
            switch (itemIndex)
            {
                case 0:
                    return x[0] + 10 * x[1];
                case 1:
                    return Math.Sqrt(5) * (x[2] - x[3]);
                case 2:
                    return Math.Pow(x[1] - 2 * x[2], 2);
                case 3:
                    return Math.Sqrt(10.0) * Math.Pow(x[0] - x[3], 2);
                default:
                    throw new ArgumentException("itemIndex must be <= 3");
            }
        }
    }

    public static partial class RosenbrockFunction2
    {
        [Differentiable]
        public static double ItemValue(ReadOnlySpan<double> x, int itemIndex)
        {
            if (itemIndex == 0)
                return 10 * (x[1] - x[0] * x[0]);
            else
                return 1 - x[0];
        }
    }

    public static partial class WoodFunction
    {
        [Differentiable]
        public static double ItemValue(ReadOnlySpan<double> x, int itemIndex)
        {
            switch (itemIndex)
            {
                case 0:
                    return 10 * (x[1] - x[0] * x[0]);
                case 1:
                    return 1 - x[0];
                case 2:
                    return Math.Sqrt(90) * (x[3] - x[2] * x[2]);
                case 3:
                    return 1 - x[2];
                case 4:
                    return Math.Sqrt(10) * (x[1] + x[3] - 2);
                case 5:
                    return (x[1] - x[3]) / Math.Sqrt(10);
                default:
                    throw new ArgumentException("itemIndex must be <= 5");
            }
        }
    }

    public static partial class RosenbrockFunction
    {
        [Differentiable]
        public static double Value(ReadOnlySpan<double> input)
        {
            return Math.Pow((1 - input[0]), 2) + 100 * Math.Pow((input[1] - input[0] * input[0]), 2);
        }
    }
}
