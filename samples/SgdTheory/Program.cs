using Samples.Common;
using Samples.SgdTheory;

var commandLine = new SampleCommandLine(
    "SgdTheory", "Constant-step SGD reaches a region of size ~ G^2 h / 2; decaying steps and averaging go below.", SampleCommandLine.Smoke);
if (commandLine.Parse(args) is int exitCode)
{
    return exitCode;
}

SgdTheorySample.Run(commandLine.Has(SampleCommandLine.Smoke) ? new SgdTheoryOptions(Samples: 200, Epochs: 2, Seeds: 1) : new SgdTheoryOptions());
return 0;
