using System;
using System.Linq;
using Samples.MnistMlp;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoDiff.Benchmarks.TorchSharp;

/// <summary>
/// The MNIST sample's model (<see cref="Mlp"/>: 784-128-10, ReLU, softmax cross-entropy) as a TorchSharp user writes it,
/// in float64: <c>linear</c>, <c>relu</c>, <c>linear</c>, <c>cross_entropy</c> over the whole mini-batch, autograd's
/// <c>backward</c>, and the benchmark's SGD + momentum update (v = mu v - alpha_t g, w += v) in place on the parameter
/// tensors. The training digits live in one tensor; each batch is an <c>index_select</c> of the epoch's shuffled order,
/// so every trainer of <see cref="MnistComparison"/> sees the same batches.
/// </summary>
internal sealed class TorchSharpMlp
{
    private readonly MnistSetup _setup;
    private readonly Tensor _pixels;
    private readonly Tensor _labels;
    private readonly int[] _order;

    // W1 (128 x 784), b1, W2 (10 x 128), b2: Mlp's layout, so one double[] maps onto them in order.
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _velocities;
    private static readonly long[][] Shapes = [[Mlp.Hidden, Mlp.Inputs], [Mlp.Hidden], [Mlp.Outputs, Mlp.Hidden], [Mlp.Outputs]];

    public TorchSharpMlp(MnistSetup setup)
    {
        _setup = setup;
        int count = setup.Train.Count;
        var pixels = new double[count * Mlp.Inputs];
        var labels = new long[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<double> sample = setup.Train[i];
            sample[..Mlp.Inputs].CopyTo(pixels.AsSpan(i * Mlp.Inputs));
            labels[i] = (long)sample[Mlp.Inputs];
        }

        _pixels = tensor(pixels, [count, Mlp.Inputs], ScalarType.Float64);
        _labels = tensor(labels, [count], ScalarType.Int64);
        _order = new int[count];
        _parameters = Shapes.Select(shape => zeros(shape, ScalarType.Float64).requires_grad_()).ToArray();
        _velocities = Shapes.Select(shape => zeros(shape, ScalarType.Float64)).ToArray();
    }

    /// <summary>The trainer for <see cref="MnistComparison.Print"/>.</summary>
    public ExternalMnistTrainer Trainer() => new("TorchSharp float64, 1 thread", Epoch, Gradient);

    /// <summary>One epoch from <paramref name="start"/>; returns the weights after it.</summary>
    public double[] Epoch(double[] start)
    {
        Load(start);
        using (no_grad())
        {
            foreach (Tensor velocity in _velocities)
            {
                velocity.zero_();
            }
        }

        _setup.Shuffle(_order);
        using Tensor order = tensor(_order.Select(i => (long)i).ToArray(), ScalarType.Int64);
        int step = 0;
        for (int first = 0; first < _order.Length; first += _setup.BatchSize, step++)
        {
            using DisposeScope scope = NewDisposeScope();
            int size = Math.Min(_setup.BatchSize, _order.Length - first);
            Tensor batch = order.narrow(0, first, size);
            Tensor loss = Loss(batch, nn.Reduction.Mean);
            ZeroGradients();
            loss.backward();
            double alpha = _setup.StepAt(step);
            using (no_grad())
            {
                for (int p = 0; p < _parameters.Length; p++)
                {
                    _velocities[p].mul_(_setup.Momentum).add_(_parameters[p].grad!, -alpha);
                    _parameters[p].add_(_velocities[p]);
                }
            }
        }

        return Save();
    }

    /// <summary>Adds seed times the gradient of the batch's summed loss at w; returns the summed loss (for the check).</summary>
    public double Gradient(double[] w, ReadOnlySpan<int> batch, double seed, double[] gradient)
    {
        Load(w);
        using DisposeScope scope = NewDisposeScope();
        Tensor loss = Loss(tensor(batch.ToArray().Select(i => (long)i).ToArray(), ScalarType.Int64), nn.Reduction.Sum);
        ZeroGradients();
        (loss * seed).backward();
        int offset = 0;
        foreach (Tensor parameter in _parameters)
        {
            double[] g = parameter.grad!.data<double>().ToArray();
            for (int i = 0; i < g.Length; i++)
            {
                gradient[offset + i] += g[i];
            }

            offset += g.Length;
        }

        return loss.item<double>();
    }

    private Tensor Loss(Tensor batch, nn.Reduction reduction)
    {
        Tensor x = _pixels.index_select(0, batch);
        Tensor hidden = nn.functional.relu(nn.functional.linear(x, _parameters[0], _parameters[1]));
        Tensor logits = nn.functional.linear(hidden, _parameters[2], _parameters[3]);
        return nn.functional.cross_entropy(logits, _labels.index_select(0, batch), reduction: reduction);
    }

    private void ZeroGradients()
    {
        foreach (Tensor parameter in _parameters)
        {
            parameter.grad?.zero_();
        }
    }

    private void Load(double[] w)
    {
        using (no_grad())
        {
            int offset = 0;
            for (int p = 0; p < _parameters.Length; p++)
            {
                int length = (int)_parameters[p].numel();
                using Tensor values = tensor(w.AsSpan(offset, length).ToArray(), Shapes[p], ScalarType.Float64);
                _parameters[p].copy_(values);
                offset += length;
            }
        }
    }

    private double[] Save() => _parameters.SelectMany(p => p.detach().data<double>().ToArray()).ToArray();
}
