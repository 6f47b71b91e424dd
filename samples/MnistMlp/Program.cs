using Samples.Common;
using Samples.MnistMlp;

var commandLine = new SampleCommandLine(
    "MnistMlp", "A 784-128-10 MLP on 8,000 MNIST digits, tested on 2,000, with SGD + momentum and Adam.", SampleCommandLine.Smoke);
if (commandLine.Parse(args) is int exitCode)
{
    return exitCode;
}

MnistSample.Run(commandLine.Has(SampleCommandLine.Smoke) ? new MnistOptions(Epochs: 2, TrainCount: 256, TestCount: 100) : new MnistOptions());
return 0;
