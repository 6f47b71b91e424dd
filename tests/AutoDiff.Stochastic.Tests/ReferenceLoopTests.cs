using System;
using AutoDiff.Optimization;
using Xunit;

namespace AutoDiff.Stochastic.Tests;

/// <summary>
/// The solvers' bookkeeping is fused, vectorised and double-buffered for speed; these tests pin it to the plain scalar
/// loop it replaced: shuffle, sum each chunk of the batch in a cleared buffer, add the buffers to a cleared gradient in
/// chunk order, update x in place. Every bit must agree, with and without threads, for one, two, three and eight chunks
/// and a dimension that leaves a scalar tail after the vector lanes.
/// </summary>
public class ReferenceLoopTests
{
    private const int Features = 10, Dimension = Features + 1, Count = 230, Seed = 3;

    public static TheoryData<string, int, int> Cases()
    {
        var cases = new TheoryData<string, int, int>();
        foreach (string solver in new[] { "SGD", "Momentum", "Nesterov", "AdamW" })
        {
            // Batches of 20, 40, 50 and 230 are 1, 2, 3 and 8 chunks (230 samples leave a last batch of 30 after the 40s).
            foreach (int batchSize in new[] { 20, 40, 50, 230 })
            {
                cases.Add(solver, batchSize, 1);
                cases.Add(solver, batchSize, -1);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Solver_gives_the_bits_of_the_scalar_reference_loop(string solverName, int batchSize, int maxDegreeOfParallelism)
    {
        var schedule = new InverseSqrtDecaySchedule(0.2);
        StochasticOptions Configure(StochasticOptions o) => o with
        {
            BatchSize = batchSize,
            Epochs = 3,
            Seed = Seed,
            StepSchedule = schedule,
            FinalFullDataPass = false,
            ParallelThreshold = 0,
            MaxDegreeOfParallelism = maxDegreeOfParallelism,
        };
        StochasticSolver solver = solverName switch
        {
            "SGD" => new SgdSolver((SgdOptions)Configure(new SgdOptions())),
            "Momentum" => new MomentumSolver((MomentumOptions)Configure(new MomentumOptions())),
            "Nesterov" => new NesterovSolver((MomentumOptions)Configure(new MomentumOptions())),
            _ => new AdamSolver((AdamOptions)Configure(AdamOptions.AdamW)),
        };
        Dataset data = CreateData();
        double[] start = new double[Dimension];
        for (int j = 0; j < Dimension; j++)
        {
            start[j] = 0.05 * (j - 5);
        }

        double[] actual = solver.Minimize(new StochasticObjective(Pullback, data), start).Minimizer;
        double[] expected = ReferenceRun(solverName, data, start, batchSize, epochs: 3, schedule);

        for (int j = 0; j < Dimension; j++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[j]), BitConverter.DoubleToInt64Bits(actual[j]));
        }
    }

    /// <summary>The solvers' loop as it was written before its passes were fused: scalar, in place, with clears and copies.</summary>
    private static double[] ReferenceRun(string solverName, Dataset data, double[] start, int batchSize, int epochs, IStepSchedule schedule)
    {
        double[] x = (double[])start.Clone(), gradient = new double[Dimension];
        double[] velocity = new double[Dimension], mean = new double[Dimension], meanSquare = new double[Dimension];
        double[][] chunkGradients = new double[8][];
        int[] order = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            order[i] = i;
        }

        var random = new Random(Seed);
        const double Momentum = 0.9, Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8, WeightDecay = 0.01;
        double beta1Power = 1, beta2Power = 1;
        int t = 0;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            random.Shuffle(order);
            for (int first = 0; first < Count; first += batchSize)
            {
                int size = Math.Min(batchSize, Count - first);
                int chunks = Math.Clamp(size / 16, 1, 8);
                for (int c = 0; c < chunks; c++)
                {
                    chunkGradients[c] = new double[Dimension];
                    for (int k = c * size / chunks; k < (c + 1) * size / chunks; k++)
                    {
                        Pullback(x, data[order[first + k]], 1.0 / size, chunkGradients[c]);
                    }
                }

                Array.Clear(gradient);
                for (int c = 0; c < chunks; c++)
                {
                    for (int i = 0; i < Dimension; i++)
                    {
                        gradient[i] += 1 * chunkGradients[c][i];
                    }
                }

                double step = schedule.StepAt(t);
                switch (solverName)
                {
                    case "SGD":
                        for (int i = 0; i < Dimension; i++)
                        {
                            x[i] += -step * gradient[i];
                        }

                        break;
                    case "Momentum":
                        for (int i = 0; i < Dimension; i++)
                        {
                            velocity[i] = Momentum * velocity[i] - step * gradient[i];
                            x[i] += velocity[i];
                        }

                        break;
                    case "Nesterov":
                        for (int i = 0; i < Dimension; i++)
                        {
                            double previous = velocity[i];
                            velocity[i] = Momentum * previous - step * gradient[i];
                            x[i] += -Momentum * previous + (1 + Momentum) * velocity[i];
                        }

                        break;
                    default:
                        beta1Power *= Beta1;
                        beta2Power *= Beta2;
                        double meanCorrection = 1 / (1 - beta1Power), meanSquareCorrection = 1 / (1 - beta2Power);
                        double decay = 1 - step * WeightDecay;
                        for (int i = 0; i < Dimension; i++)
                        {
                            double g = gradient[i];
                            mean[i] = Beta1 * mean[i] + (1 - Beta1) * g;
                            meanSquare[i] = Beta2 * meanSquare[i] + (1 - Beta2) * g * g;
                            double meanHat = mean[i] * meanCorrection, meanSquareHat = meanSquare[i] * meanSquareCorrection;
                            x[i] = x[i] * decay - step * meanHat / (Math.Sqrt(meanSquareHat) + Epsilon);
                        }

                        break;
                }

                t++;
            }
        }

        return x;
    }

    /// <summary>Half the squared residual of a tanh unit over 10 features and a bias: 11 weights, not a multiple of any vector width.</summary>
    private static double Pullback(ReadOnlySpan<double> w, ReadOnlySpan<double> sample, double seed, Span<double> wAdjoint)
    {
        double prediction = w[Features];
        for (int j = 0; j < Features; j++)
        {
            prediction += w[j] * sample[j];
        }

        double output = Math.Tanh(prediction), residual = output - sample[Features];
        double adjoint = seed * residual * (1 - output * output);
        for (int j = 0; j < Features; j++)
        {
            wAdjoint[j] += adjoint * sample[j];
        }

        wAdjoint[Features] += adjoint;
        return 0.5 * residual * residual;
    }

    private static Dataset CreateData()
    {
        var random = new Random(11);
        double[] values = new double[Count * Dimension];
        for (int i = 0; i < Count; i++)
        {
            double y = 0.2;
            for (int j = 0; j < Features; j++)
            {
                double a = 2 * random.NextDouble() - 1;
                values[i * Dimension + j] = a;
                y += Math.Sin(j + 1) * a;
            }

            values[i * Dimension + Features] = Math.Tanh(y);
        }

        return new Dataset(values, Dimension);
    }
}
