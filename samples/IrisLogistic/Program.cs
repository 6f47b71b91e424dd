using Samples.Common;
using Samples.IrisLogistic;

var commandLine = new SampleCommandLine(
    "IrisLogistic", "Softmax regression on Iris with SGD variants, momentum and Adam against L-BFGS.", SampleCommandLine.Smoke);
if (commandLine.Parse(args) is int exitCode)
{
    return exitCode;
}

IrisSample.Run(new IrisOptions(Epochs: commandLine.Has(SampleCommandLine.Smoke) ? 3 : 60));
return 0;
