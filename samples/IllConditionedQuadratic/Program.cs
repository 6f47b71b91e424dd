using Samples.Common;
using Samples.IllConditionedQuadratic;

var commandLine = new SampleCommandLine(
    "IllConditionedQuadratic", "Paths of gradient descent, Newton and L-BFGS on the ill-conditioned valley x^2/2 + rho y^2/2.",
    SampleCommandLine.Smoke);
if (commandLine.Parse(args) is int exitCode)
{
    return exitCode;
}

QuadraticSample.Run(new QuadraticOptions(MaxIterations: commandLine.Has(SampleCommandLine.Smoke) ? 20 : 200));
return 0;
