using System;
using System.Globalization;
using AutoDiff.Benchmarks;
using AutoDiff.Benchmarks.TorchSharp;
using static TorchSharp.torch;

// dotnet run -c Release --project tests/AutoDiff.Benchmarks.TorchSharp [-- rounds]: the benchmark project's MNIST
// comparison (-- --mnist) with the same model trained by TorchSharp, float64, one thread, in the same rounds.
if (args.Length > 1 || (args.Length == 1 && !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out _)))
{
    Console.Error.WriteLine("usage: AutoDiff.Benchmarks.TorchSharp [rounds]");
    return 2;
}

int rounds = args.Length == 1 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
Console.WriteLine(LibTorchSharpLoading.MakeLoadable());

// One thread for intra-op work (the BLAS and the elementwise kernels) and for inter-op scheduling, as every other trainer.
set_num_threads(1);
set_num_interop_threads(1);
Console.WriteLine($"TorchSharp threads: {get_num_threads()} intra-op, {get_num_interop_threads()} inter-op");
MnistComparison.Print(Console.Out, rounds, setup => new TorchSharpMlp(setup).Trainer());
return 0;
