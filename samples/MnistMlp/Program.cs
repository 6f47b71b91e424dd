using System.Linq;
using Samples.MnistMlp;

// A 784-128-10 MLP on 8,000 MNIST digits, tested on 2,000, with SGD + momentum and Adam. --smoke: a tiny budget.
bool smoke = args.Contains("--smoke");
MnistSample.Run(smoke ? new MnistOptions(Epochs: 1, TrainCount: 256, TestCount: 100) : new MnistOptions());
