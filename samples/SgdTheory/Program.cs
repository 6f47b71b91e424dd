using System.Linq;
using Samples.SgdTheory;

// Constant-step SGD reaches a region of size ~ G^2 h / 2; decaying steps and averaging go below. --smoke: a tiny budget.
SgdTheorySample.Run(args.Contains("--smoke") ? new SgdTheoryOptions(Samples: 200, Epochs: 2, Seeds: 1) : new SgdTheoryOptions());
