// Ported from SharpLearning (MIT licence, Copyright (c) 2024 mdabros), see ../ATTRIBUTION.md: the regression metrics of
// src/SharpLearning.Metrics/Regression/*.cs (losses of predictions against targets), the objectives of
// src/SharpLearning.Optimization.Test/ObjectiveUtilities.cs, ContinuousMungeAugmentator.GetDistance and
// GeometricMeanProbabilityClassificationEnsembleStrategy.GeometricMean. Bodies as written; each metric's instance
// method Error became a static method of a static partial class with the metric's name, differentiated with respect
// to the predictions (Wrt), and the optimisation objectives return their cost instead of wrapping it in an
// OptimizerResult.
using System;
using System.Linq;
using AutoDiff;

namespace Corpus.SharpLearning
{
    public static partial class MeanSquaredErrorRegressionMetric
    {
        [Differentiable(Wrt = [nameof(predictions)])]
        public static double Error(double[] targets, double[] predictions)
        {
            if (targets.Length != predictions.Length)
            {
                throw new ArgumentException("targets and predictions length do not match");
            }

            var meanSquareError = 0.0;
            for (var i = 0; i < targets.Length; ++i)
            {
                var targetValue = targets[i];
                var estimate = predictions[i];
                var error = targetValue - estimate;
                meanSquareError += error * error;
            }
            meanSquareError *= (1.0 / targets.Length);

            return meanSquareError;
        }
    }

    public static partial class MeanAbsolutErrorRegressionMetric
    {
        [Differentiable(Wrt = [nameof(predictions)])]
        public static double Error(double[] targets, double[] predictions)
        {
            if (targets.Length != predictions.Length)
            {
                throw new ArgumentException("targets and predictions length do not match");
            }

            var meanSquareError = 0.0;
            for (var i = 0; i < targets.Length; ++i)
            {
                var targetValue = targets[i];
                var estimate = predictions[i];
                var error = Math.Abs(targetValue - estimate);
                meanSquareError += error;
            }
            meanSquareError *= (1.0 / targets.Length);

            return meanSquareError;
        }
    }

    public static partial class RootMeanSquareRegressionMetric
    {
        [Differentiable(Wrt = [nameof(predictions)])]
        public static double Error(double[] targets, double[] predictions)
        {
            if (targets.Length != predictions.Length)
            {
                throw new ArgumentException("targets and predictions length do not match");
            }

            var meanSquareError = 0.0;
            for (var i = 0; i < targets.Length; ++i)
            {
                var targetValue = targets[i];
                var estimate = predictions[i];
                var error = targetValue - estimate;
                meanSquareError += error * error;
            }
            meanSquareError *= (1.0 / targets.Length);

            return Math.Sqrt(meanSquareError);
        }
    }

    public static partial class RootMeanLogRegressionMetric
    {
        [Differentiable(Wrt = [nameof(predictions)])]
        public static double Error(double[] targets, double[] predictions)
        {
            if (targets.Length != predictions.Length)
            {
                throw new ArgumentException("targets and predictions length do not match");
            }

            var meanSquareError = 0.0;
            for (var i = 0; i < targets.Length; ++i)
            {
                var targetValue = targets[i];
                var estimate = predictions[i];
                var error = Math.Log(estimate + 1) - Math.Log(targetValue + 1);
                meanSquareError += error * error;
            }
            meanSquareError *= (1.0 / targets.Length);

            return Math.Sqrt(meanSquareError);
        }
    }

    public static partial class RootMeanSquarePercentageRegressionMetric
    {
        [Differentiable(Wrt = [nameof(predictions)])]
        public static double Error(double[] targets, double[] predictions)
        {
            if (targets.Length != predictions.Length)
            {
                throw new ArgumentException("targets and predictions length do not match");
            }

            var meanSquareError = 0.0;
            var validEntries = 0;
            for (var i = 0; i < targets.Length; ++i)
            {
                var targetValue = targets[i];
                var estimate = predictions[i];

                if (targetValue == 0.0)
                {
                    continue;
                }

                validEntries++;
                var error = (targetValue - estimate) / targetValue;
                meanSquareError += error * error;
            }

            if (validEntries == 0)
            {
                return double.MaxValue;
            }

            meanSquareError *= (1.0 / validEntries);

            return Math.Sqrt(meanSquareError);
        }
    }

    public static partial class CoefficientOfDeterminationMetric
    {
        [Differentiable(Wrt = [nameof(predictions)])]
        public static double Error(double[] targets, double[] predictions)
        {
            if (targets.Length != predictions.Length)
            {
                throw new ArgumentException("targets and predictions length do not match");
            }

            var targetMean = targets.Sum() / targets.Length;
            var sStot = targets.Sum(target => Math.Pow(target - targetMean, 2));
            var sSres = 0.0;

            for (var i = 0; i < predictions.Length; i++)
            {
                sSres += Math.Pow(targets[i] - predictions[i], 2);
            }

            return sStot != 0.0 ? 1 - sSres / sStot : 0;
        }
    }

    public static partial class ObjectiveUtilities
    {
        [Differentiable]
        public static double Minimize(double[] x)
        {
            return Math.Sin(x[0]) * Math.Cos(x[1]) * (1.0 / (Math.Abs(x[2]) + 1));
        }

        [Differentiable]
        public static double MinimizeWeightFromHeight(double[] parameters)
        {
            var heights = new double[] { 1.47, 1.50, 1.52, 1.55, 1.57, 1.60, 1.63, 1.65, 1.68, 1.70, 1.73, 1.75, 1.78, 1.80, 1.83 };
            var weights = new double[] { 52.21, 53.12, 54.48, 55.84, 57.20, 58.57, 59.93, 61.29, 63.11, 64.47, 66.28, 68.10, 69.92, 72.19, 74.46 };

            var cost = 0.0;

            for (var i = 0; i < heights.Length; i++)
            {
                cost += (parameters[0] * heights[i] - weights[i]) * (parameters[0] * heights[i] - weights[i]);
            }

            return cost;
        }
    }

    public static partial class ContinuousMungeAugmentator
    {
        [Differentiable]
        static double GetDistance(double[] p, double[] q)
        {
            double distance = 0;
            double diff = 0;

            if (p.Length != q.Length)
            {
                throw new ArgumentException("Input vectors must be of the same dimension.");
            }

            for (int x = 0, len = p.Length; x < len; x++)
            {
                diff = p[x] - q[x];
                distance += diff * diff;
            }

            return distance;//Math.Sqrt(distance);
        }
    }

    public static partial class GeometricMeanProbabilityClassificationEnsembleStrategy
    {
        [Differentiable]
        static double GeometricMean(double[] values)
        {
            var geoMean = 0.0;
            for (var i = 0; i < values.Length; i++)
            {
                if (i == 0)
                {
                    geoMean = values[i];
                }
                else
                {
                    geoMean *= values[i];
                }
            }

            return Math.Pow(geoMean, 1.0 / (double)values.Length);
        }
    }
}
