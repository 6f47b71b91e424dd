using System;
using Samples.CurveFit;

// Fits NIST's Thurber data with bounds. --smoke: one start only; --help: usage.
const string usage = "usage: dotnet run --project samples/CurveFit [-- --smoke]\n  --smoke  fit from one start only (a quick check)";
bool smoke = false;
foreach (string arg in args)
{
    if (arg == "--smoke")
    {
        smoke = true;
    }
    else if (arg is "--help" or "-h")
    {
        Console.WriteLine(usage);
        return 0;
    }
    else
    {
        Console.Error.WriteLine($"unknown argument '{arg}'");
        Console.Error.WriteLine(usage);
        return 2;
    }
}

CurveFitSample.Run(new CurveFitSampleOptions(Smoke: smoke));
return 0;
