using System;
using System.Linq;
using Samples.IrisLogistic;

// Softmax regression on Iris with SGD variants and L-BFGS. --smoke: a few epochs only.
bool smoke = args.Contains("--smoke");
IrisSample.Run(new IrisOptions(Epochs: smoke ? 3 : 60));
