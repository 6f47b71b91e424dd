using System.Linq;
using Samples.RbmPretraining;

// Two stacked RBMs trained with CD-1, fine-tuned with SGD, against a random start. --smoke: a tiny budget.
PretrainingSample.Run(args.Contains("--smoke")
    ? new PretrainingOptions(TrainCount: 100, TestCount: 50, RbmEpochs: 1, FineTuneEpochs: 1)
    : new PretrainingOptions());
