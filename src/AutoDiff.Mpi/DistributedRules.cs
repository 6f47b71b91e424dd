using System;
using System.IO;
using AutoDiff.Optimization;

namespace AutoDiff.Mpi;

/// <summary>
/// The update rules of AutoDiff's stochastic solvers, written out again with their state readable and writable for
/// checkpoints. Each is the same arithmetic, in the same order, as its single-process twin (a test checks the bits).
/// </summary>
internal abstract class DistributedRule
{
    public abstract void Apply(Span<double> x, ReadOnlySpan<double> gradient, double step);

    public abstract void Write(BinaryWriter writer);

    public abstract void Read(BinaryReader reader);

    public static DistributedRule For(StochasticSolver solver, int n) => solver switch
    {
        SgdSolver => new Sgd(),
        MomentumSolver m => new Momentum(((MomentumOptions)m.Options).Momentum, n, nesterov: false),
        NesterovSolver m => new Momentum(((MomentumOptions)m.Options).Momentum, n, nesterov: true),
        AdamSolver a => new Adam((AdamOptions)a.Options, n),
        _ => throw new ArgumentException(
            $"{solver.GetType().Name} has no distributed version; use SgdSolver, MomentumSolver, NesterovSolver or AdamSolver.", nameof(solver)),
    };

    internal static void WriteArray(BinaryWriter writer, double[] values)
    {
        writer.Write(values.Length);
        foreach (double v in values)
        {
            writer.Write(v);
        }
    }

    internal static void ReadArray(BinaryReader reader, double[] values)
    {
        int length = reader.ReadInt32();
        if (length != values.Length)
        {
            throw new InvalidDataException($"The checkpoint holds a vector of length {length}; expected {values.Length}.");
        }

        for (int i = 0; i < length; i++)
        {
            values[i] = reader.ReadDouble();
        }
    }

    private sealed class Sgd : DistributedRule
    {
        public override void Apply(Span<double> x, ReadOnlySpan<double> gradient, double step)
        {
            double alpha = -step;
            for (int i = 0; i < x.Length; i++)
            {
                x[i] += alpha * gradient[i];
            }
        }

        public override void Write(BinaryWriter writer)
        {
        }

        public override void Read(BinaryReader reader)
        {
        }
    }

    private sealed class Momentum(double momentum, int n, bool nesterov) : DistributedRule
    {
        private readonly double[] _velocity = new double[n];

        public override void Apply(Span<double> x, ReadOnlySpan<double> gradient, double step)
        {
            for (int i = 0; i < x.Length; i++)
            {
                if (nesterov)
                {
                    double previous = _velocity[i];
                    _velocity[i] = momentum * previous - step * gradient[i];
                    x[i] += -momentum * previous + (1 + momentum) * _velocity[i];
                }
                else
                {
                    _velocity[i] = momentum * _velocity[i] - step * gradient[i];
                    x[i] += _velocity[i];
                }
            }
        }

        public override void Write(BinaryWriter writer) => WriteArray(writer, _velocity);

        public override void Read(BinaryReader reader) => ReadArray(reader, _velocity);
    }

    private sealed class Adam(AdamOptions options, int n) : DistributedRule
    {
        private readonly double[] _mean = new double[n];
        private readonly double[] _meanSquare = new double[n];
        private double _beta1Power = 1, _beta2Power = 1;

        public override void Apply(Span<double> x, ReadOnlySpan<double> gradient, double step)
        {
            double beta1 = options.Beta1, beta2 = options.Beta2;
            _beta1Power *= beta1;
            _beta2Power *= beta2;
            double meanCorrection = 1 / (1 - _beta1Power), meanSquareCorrection = 1 / (1 - _beta2Power);
            double decay = 1 - step * options.WeightDecay;
            for (int i = 0; i < x.Length; i++)
            {
                double g = gradient[i];
                _mean[i] = beta1 * _mean[i] + (1 - beta1) * g;
                _meanSquare[i] = beta2 * _meanSquare[i] + (1 - beta2) * g * g;
                double meanHat = _mean[i] * meanCorrection, meanSquareHat = _meanSquare[i] * meanSquareCorrection;
                x[i] = x[i] * decay - step * meanHat / (Math.Sqrt(meanSquareHat) + options.Epsilon);
            }
        }

        public override void Write(BinaryWriter writer)
        {
            writer.Write(_beta1Power);
            writer.Write(_beta2Power);
            WriteArray(writer, _mean);
            WriteArray(writer, _meanSquare);
        }

        public override void Read(BinaryReader reader)
        {
            _beta1Power = reader.ReadDouble();
            _beta2Power = reader.ReadDouble();
            ReadArray(reader, _mean);
            ReadArray(reader, _meanSquare);
        }
    }
}

/// <summary>IterateAverager's arithmetic with its state in checkpoints.</summary>
internal sealed class DistributedAverager(IterateAveraging kind, int n, double decay)
{
    private readonly double[] _average = new double[n];

    public IterateAveraging Kind { get; } = kind;

    public int Count { get; private set; }

    public double TotalWeight { get; private set; }

    public double[] Average => _average;

    public void Add(ReadOnlySpan<double> x, double weight = 1)
    {
        Count++;
        double fraction;
        switch (Kind)
        {
            case IterateAveraging.Uniform:
                TotalWeight += 1;
                fraction = 1.0 / Count;
                break;
            case IterateAveraging.StepWeighted:
                TotalWeight += weight;
                fraction = TotalWeight > 0 ? weight / TotalWeight : 0;
                break;
            default:
                TotalWeight += 1;
                fraction = Count == 1 ? 1 : 1 - decay;
                break;
        }

        for (int i = 0; i < _average.Length; i++)
        {
            _average[i] += fraction * (x[i] - _average[i]);
        }
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(Count);
        writer.Write(TotalWeight);
        DistributedRule.WriteArray(writer, _average);
    }

    public void Read(BinaryReader reader)
    {
        Count = reader.ReadInt32();
        TotalWeight = reader.ReadDouble();
        DistributedRule.ReadArray(reader, _average);
    }
}
