using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AutoDiff.Mpi;
using Samples.MnistMpi;

// The MNIST MLP of samples/MnistMlp trained data-parallel: mpirun -np 2 dotnet MnistMpi.dll [options].
if (args.Any(a => a is "--help" or "-h"))
{
    Console.WriteLine(MnistMpiOptions.Usage);
    return 0;
}

MnistMpiOptions options;
try
{
    options = MnistMpiOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(MnistMpiOptions.Usage);
    return 2;
}

return MpiEnvironment.Run(world => options.Bench ? ScalingBenchmark.Run(world, options) : MnistMpiSample.Run(world, options));
