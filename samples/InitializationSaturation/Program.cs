using System.Linq;
using Samples.InitializationSaturation;

// Sigmoid vs tanh vs ReLU, classic vs Xavier vs He in a 5-hidden-layer net. --smoke: a tiny budget.
SaturationSample.Run(args.Contains("--smoke") ? new SaturationOptions(Epochs: 1, TrainCount: 100, ProbeCount: 50) : new SaturationOptions());
