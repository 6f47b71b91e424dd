// Ported from Math.NET Numerics (MIT licence, Copyright (c) 2002-2022 Math.NET), see ../ATTRIBUTION.md:
// src/Numerics/SpecialFunctions/Gamma.cs (GammaLn), src/Numerics/SpecialFunctions/Logistic.cs, and the static
// PDF / PDFLn densities of src/Numerics/Distributions/{Normal,LogNormal,Cauchy,Laplace,Logistic,Weibull,Exponential,
// Gamma}.cs: the log-likelihood terms of maximum-likelihood objectives. Bodies as written, with [Differentiable] added;
// the constants they read are copied from src/Numerics/Constants.cs.
using System;
using AutoDiff;

namespace Corpus.MathNetDistributions
{
    public static class Constants
    {
        public const double LnPi = 1.1447298858494001741434273513530587116472948129153d;
        public const double Pi = 3.1415926535897932384626433832795028841971693993751d;
        public const double Sqrt2Pi = 2.5066282746310005024157652848110452530069867406099d;
        public const double LogSqrt2Pi = 0.91893853320467274178032973640561763986139747363778;
        public const double LogTwoSqrtEOverPi = 0.6207822376352452223455184457816472122518527279025978;
    }

    public static partial class SpecialFunctions
    {
        const int GammaN = 10;

        const double GammaR = 10.900511;

        static readonly double[] GammaDk =
        {
            2.48574089138753565546e-5,
            1.05142378581721974210,
            -3.45687097222016235469,
            4.51227709466894823700,
            -2.98285225323576655721,
            1.05639711577126713077,
            -1.95428773191645869583e-1,
            1.70970543404441224307e-2,
            -5.71926117404305781283e-4,
            4.63399473359905636708e-6,
            -2.71994908488607703910e-9
        };

        [Differentiable]
        public static double GammaLn(double z)
        {
            if (z < 0.5)
            {
                double s = GammaDk[0];
                for (int i = 1; i <= GammaN; i++)
                {
                    s += GammaDk[i]/(i - z);
                }

                return Constants.LnPi
                       - Math.Log(Math.Sin(Math.PI*z))
                       - Math.Log(s)
                       - Constants.LogTwoSqrtEOverPi
                       - ((0.5 - z)*Math.Log((0.5 - z + GammaR)/Math.E));
            }
            else
            {
                double s = GammaDk[0];
                for (int i = 1; i <= GammaN; i++)
                {
                    s += GammaDk[i]/(z + i - 1.0);
                }

                return Math.Log(s)
                       + Constants.LogTwoSqrtEOverPi
                       + ((z - 0.5)*Math.Log((z - 0.5 + GammaR)/Math.E));
            }
        }

        [Differentiable]
        public static double Logistic(double p)
        {
            return 1.0/(Math.Exp(-p) + 1.0);
        }

        [Differentiable]
        public static double Logit(double p)
        {
            if (p < 0.0 || p > 1.0)
            {
                throw new ArgumentOutOfRangeException(nameof(p), "The argument must be between 0 and 1.");
            }

            return Math.Log(p/(1.0 - p));
        }
    }

    public static partial class Normal
    {
        [Differentiable]
        public static double PDF(double mean, double stddev, double x)
        {
            if (stddev < 0.0)
            {
                throw new ArgumentException("Invalid parametrization for the distribution.");
            }

            var d = (x - mean)/stddev;
            return Math.Exp(-0.5*d*d)/(Constants.Sqrt2Pi*stddev);
        }

        [Differentiable]
        public static double PDFLn(double mean, double stddev, double x)
        {
            if (stddev < 0.0)
            {
                throw new ArgumentException("Invalid parametrization for the distribution.");
            }

            var d = (x - mean)/stddev;
            return (-0.5*d*d) - Math.Log(stddev) - Constants.LogSqrt2Pi;
        }
    }

    public static partial class LogNormal
    {
        [Differentiable]
        public static double PDFLn(double mu, double sigma, double x)
        {
            if (sigma < 0.0)
            {
                throw new ArgumentException("Invalid parametrization for the distribution.");
            }

            if (x < 0.0)
            {
                return double.NegativeInfinity;
            }

            var a = (Math.Log(x) - mu)/sigma;
            return (-0.5*a*a) - Math.Log(x*sigma) - Constants.LogSqrt2Pi;
        }
    }

    public static partial class Cauchy
    {
        [Differentiable]
        public static double PDFLn(double location, double scale, double x)
        {
            if (scale <= 0.0)
            {
                throw new ArgumentException("Invalid parametrization for the distribution.");
            }

            var z = (x - location)/scale;
            return -Math.Log(Constants.Pi*scale*(1.0 + z * z ));
        }
    }

    public static partial class Laplace
    {
        [Differentiable]
        public static double PDFLn(double location, double scale, double x)
        {
            if (scale <= 0.0)
            {
                throw new ArgumentException("Invalid parametrization for the distribution.");
            }

            return -Math.Abs(x - location)/scale - Math.Log(2.0*scale);
        }
    }

    public static partial class Logistic
    {
        [Differentiable]
        public static double PDFLn(double mean, double scale, double x)
        {
            if (scale <= 0.0)
            {
                throw new ArgumentException("Invalid parametrization for the distribution.");
            }

            var z = (x - mean)/scale;
            return -z - Math.Log(scale) - (2 * Math.Log(1+Math.Exp(-z)));
        }
    }

    public static partial class Weibull
    {
        [Differentiable]
        public static double PDFLn(double shape, double scale, double x)
        {
            if (shape <= 0.0 || scale <= 0.0)
            {
                throw new ArgumentException("Invalid parametrization for the distribution.");
            }

            if (x >= 0.0)
            {
                if (x == 0.0 && shape == 1.0)
                {
                    return Math.Log(shape) - Math.Log(scale);
                }

                return Math.Log(shape)
                       + ((shape - 1.0)*Math.Log(x/scale))
                       - (Math.Pow(x, shape)*Math.Pow(scale, -shape))
                       - Math.Log(scale);
            }

            return double.NegativeInfinity;
        }
    }

    public static partial class Exponential
    {
        [Differentiable]
        public static double PDFLn(double rate, double x)
        {
            if (rate < 0.0)
            {
                throw new ArgumentException("Invalid parametrization for the distribution.");
            }

            return Math.Log(rate) - (rate*x);
        }
    }

    public static partial class Gamma
    {
        [Differentiable]
        public static double PDFLn(double shape, double rate, double x)
        {
            if (shape < 0.0 || rate < 0.0)
            {
                throw new ArgumentException("Invalid parametrization for the distribution.");
            }

            if (double.IsPositiveInfinity(rate))
            {
                return x == shape ? double.PositiveInfinity : double.NegativeInfinity;
            }

            if (shape == 0.0 && rate == 0.0)
            {
                return double.NegativeInfinity;
            }

            if (shape == 1.0)
            {
                return Math.Log(rate) - (rate*x);
            }

            return (shape*Math.Log(rate)) + ((shape - 1.0)*Math.Log(x)) - (rate*x) - SpecialFunctions.GammaLn(shape);
        }
    }
}
