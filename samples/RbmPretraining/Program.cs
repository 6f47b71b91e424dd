using Samples.Common;
using Samples.RbmPretraining;

var commandLine = new SampleCommandLine(
    "RbmPretraining", "Two stacked RBMs trained with CD-1, fine-tuned with SGD, against a random start.", SampleCommandLine.Smoke);
if (commandLine.Parse(args) is int exitCode)
{
    return exitCode;
}

PretrainingSample.Run(commandLine.Has(SampleCommandLine.Smoke)
    ? new PretrainingOptions(TrainCount: 100, TestCount: 50, RbmEpochs: 1, FineTuneEpochs: 1)
    : new PretrainingOptions());
return 0;
