using System;
using System.Collections.Generic;
using System.Globalization;
using AutoDiff.Mpi;
using Samples.MnistMpi;

// The MNIST MLP of samples/MnistMlp trained data-parallel: mpirun -np 2 dotnet MnistMpi.dll [options].
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
