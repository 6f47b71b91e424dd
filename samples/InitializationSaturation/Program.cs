using Samples.Common;
using Samples.InitializationSaturation;

var commandLine = new SampleCommandLine(
    "InitializationSaturation", "Sigmoid vs tanh vs ReLU, classic vs Xavier vs He initialisation in a 5-hidden-layer net.",
    SampleCommandLine.Smoke);
if (commandLine.Parse(args) is int exitCode)
{
    return exitCode;
}

SaturationSample.Run(commandLine.Has(SampleCommandLine.Smoke) ? new SaturationOptions(Epochs: 1, TrainCount: 100, ProbeCount: 50) : new SaturationOptions());
return 0;
