using Samples.Common;
using Samples.CurveFit;

var commandLine = new SampleCommandLine(
    "CurveFit", "Fits NIST's Thurber data with bounds: parameters with standard errors, a PNG of fit and residuals.",
    new SampleFlag("--smoke", "fit from one start only (a quick check)"));
if (commandLine.Parse(args) is int exitCode)
{
    return exitCode;
}

CurveFitSample.Run(new CurveFitSampleOptions(Smoke: commandLine.Has(SampleCommandLine.Smoke)));
return 0;
