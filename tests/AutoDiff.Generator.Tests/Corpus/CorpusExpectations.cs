using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Generator.Tests.Corpus;

/// <summary>One corpus function and what the generator is expected to do with it.</summary>
/// <param name="File">Its file under Corpus/Sources.</param>
/// <param name="Key"><c>Class.Method</c>.</param>
/// <param name="Outcome"><see cref="CorpusExpectations.Accepted"/>, or the diagnostic IDs it is refused with, joined by '+'.</param>
/// <param name="ArgumentText">Where to check the derivatives (see <see cref="CorpusArguments"/>); needed when accepted.</param>
internal sealed record CorpusCase(string File, string Key, string Outcome, string? ArgumentText)
{
    public CorpusArguments? Arguments { get; } = ArgumentText is null ? null : new CorpusArguments(ArgumentText);
}

/// <summary>
/// The external corpus's recorded outcomes: every <c>[Differentiable]</c> method of Corpus/Sources, accepted as written
/// or refused with these diagnostics. <see cref="CorpusTests"/> fails when an outcome changes in either direction, so a
/// construct that becomes supported (or stops being) updates this table, and README's figure with it.
/// </summary>
internal static class CorpusExpectations
{
    public const string Accepted = "accepted";

    /// <summary>Origin (as README names it) of each corpus file.</summary>
    public static readonly IReadOnlyDictionary<string, string> Origins = new Dictionary<string, string>
    {
        ["MathNetTestFunctions.cs"] = "Math.NET Numerics: optimisation test functions",
        ["MathNetDistributions.cs"] = "Math.NET Numerics: densities and special functions",
        ["ADBenchTapenade.cs"] = "ADBench: Tapenade's C inputs (GMM, LSTM, BA)",
        ["EnzymeIntegration.cs"] = "Enzyme: reverse-mode integration tests",
        ["SharpLearning.cs"] = "SharpLearning: regression metrics and objectives",
    };

    public static readonly IReadOnlyList<CorpusCase> Cases =
    [
        // Math.NET Numerics, src/Numerics.Tests/OptimizationTests/TestFunctions
        new("MathNetTestFunctions.cs", "BealeFunction.ItemValue", Accepted, "x = [1.2, 0.7]; itemIndex = 2"),
        new("MathNetTestFunctions.cs", "BrownAndDennisFunction.ItemValue", Accepted, "x = [25, 5, -5, -1]; itemIndex = 7"),
        new("MathNetTestFunctions.cs", "BrownBadlyScaledFunction.ItemValue", Accepted, "x = [1.5, 0.8]; itemIndex = 2"),
        new("MathNetTestFunctions.cs", "FreudensteinAndRothFunction.ItemValue", Accepted, "x = [0.5, -2]; itemIndex = 1"),
        new("MathNetTestFunctions.cs", "HelicalValleyFunction.theta", Accepted, "x1 = 0.8; x2 = 0.6"),
        new("MathNetTestFunctions.cs", "HelicalValleyFunction.ItemValue", Accepted, "x = [-1, 0.3, 0.2]; itemIndex = 0"),
        new("MathNetTestFunctions.cs", "JennrichAndSampsonFunction.ItemValue", Accepted, "x = [0.3, 0.4]; itemIndex = 4"),
        new("MathNetTestFunctions.cs", "MeyerFunction.ItemValue", Accepted, "x = [0.02, 4000, 250]; itemIndex = 3"),
        new("MathNetTestFunctions.cs", "PowellBadlyScaledFunction.ItemValue", Accepted, "x = [0.5, 1.5]; itemIndex = 1"),
        new("MathNetTestFunctions.cs", "PowellSingularFunction.ItemValue", Accepted, "x = [3, -1, 0, 1]; itemIndex = 3"),
        new("MathNetTestFunctions.cs", "RosenbrockFunction2.ItemValue", Accepted, "x = [-1.2, 1]; itemIndex = 0"),
        new("MathNetTestFunctions.cs", "WoodFunction.ItemValue", Accepted, "x = [-3, -1, -3, -1]; itemIndex = 2"),
        new("MathNetTestFunctions.cs", "RosenbrockFunction.Value", Accepted, "input = [-0.9, -0.5]"),

        // Math.NET Numerics, src/Numerics/SpecialFunctions and src/Numerics/Distributions
        new("MathNetDistributions.cs", "SpecialFunctions.GammaLn", Accepted, "z = 2.7"),
        new("MathNetDistributions.cs", "SpecialFunctions.Logistic", Accepted, "p = 0.4"),
        new("MathNetDistributions.cs", "SpecialFunctions.Logit", Accepted, "p = 0.3"),
        new("MathNetDistributions.cs", "Normal.PDF", Accepted, "mean = 0.5; stddev = 1.3; x = 1.1"),
        new("MathNetDistributions.cs", "Normal.PDFLn", Accepted, "mean = 0.5; stddev = 1.3; x = 1.1"),
        new("MathNetDistributions.cs", "LogNormal.PDFLn", Accepted, "mu = 0.2; sigma = 0.8; x = 1.7"),
        new("MathNetDistributions.cs", "Cauchy.PDFLn", Accepted, "location = 0.1; scale = 2; x = 1.4"),
        new("MathNetDistributions.cs", "Laplace.PDFLn", Accepted, "location = 0.1; scale = 2; x = 1.4"),
        new("MathNetDistributions.cs", "Logistic.PDFLn", Accepted, "mean = 0.1; scale = 2; x = 1.4"),
        new("MathNetDistributions.cs", "Weibull.PDFLn", Accepted, "shape = 1.5; scale = 2; x = 1.4"),
        new("MathNetDistributions.cs", "Exponential.PDFLn", Accepted, "rate = 0.7; x = 1.4"),
        new("MathNetDistributions.cs", "Gamma.PDFLn", Accepted, "shape = 2.5; rate = 1.5; x = 1.4"),

        // ADBench, src/cpp/modules/tapenade/gmm/gmm.c
        new("ADBenchTapenade.cs", "Gmm.arr_max", Accepted, "n = 4; x = [0.3, 1.2, -0.5, 0.9]"),
        new("ADBenchTapenade.cs", "Gmm.sqnorm", Accepted, "n = 3; x = [0.3, 1.2, -0.5]"),
        new("ADBenchTapenade.cs", "Gmm.subtract", Accepted, "d = 3; x = [0.3, 1.2, -0.5]; y = [0.7, -0.1, 0.4]; out => 3"),
        new("ADBenchTapenade.cs", "Gmm.log_sum_exp", Accepted, "n = 3; x = [0.3, 1.2, -0.5]"),
        new("ADBenchTapenade.cs", "Gmm.log_gamma_distrib", Accepted, "a = 2.5; p = 3.5"),
        new("ADBenchTapenade.cs", "Gmm.log_wishart_prior", Accepted, "p = 2; k = 2; wishart = new Wishart { gamma = 1.0, m = 0 }; sum_qs = [0.2, -0.3]; Qdiags = [1.1, 0.9, 1.3, 0.8]; icf = [0.1, -0.1, 0.4, 0.2, 0.3, -0.6]"),
        new("ADBenchTapenade.cs", "Gmm.preprocess_qs", "ADG0003", "d = 2; k = 2; icf = [0.1, -0.1, 0.4, 0.2, 0.3, -0.6]; sum_qs => 2; Qdiags => 4"),
        new("ADBenchTapenade.cs", "Gmm.Qtimesx", Accepted, "d = 3; Qdiag = [1.1, 0.9, 1.3]; ltri = [0.4, -0.2, 0.7]; x = [0.3, 1.2, -0.5]; out => 3"),
        new("ADBenchTapenade.cs", "Gmm.gmm_objective", Accepted, "d = 2; k = 2; n = 3; alphas = [0.2, -0.4]; means = [0.1, 0.5, 0.9, 0.3]; icf = [0.1, -0.1, 0.4, 0.2, 0.3, -0.6]; x = [0.5, -1.2, 0.3, 0.8, -0.4, 1.1]; wishart = new Wishart { gamma = 1.0, m = 0 }"),

        // ADBench, src/cpp/modules/tapenade/lstm/lstm.c
        new("ADBenchTapenade.cs", "Lstm.sigmoid", Accepted, "x = 0.3"),
        new("ADBenchTapenade.cs", "Lstm.logsumexp", Accepted, "vect = [0.3, 1.2, -0.5]; sz = 3"),
        new("ADBenchTapenade.cs", "Lstm.lstm_model", "ADG0003", null),
        new("ADBenchTapenade.cs", "Lstm.lstm_predict", "ADG0003+ADG0004+ADG0010", null),
        new("ADBenchTapenade.cs", "Lstm.lstm_objective", "ADG0004+ADG0010", "l = 1; c = 3; b = 2; main_params = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.2, -0.1, 0.3, 0.1, -0.4, 0.2, 0.5, -0.3, 0.1, 0.2]; extra_params = [0.9, 1.1, 0.8, 1.2, 0.1, -0.1]; state = [0.1, 0.2, -0.1, 0.3]; sequence = [0.5, -0.2, 0.3, 0.7, -0.6, 0.4]"),

        // ADBench, src/cpp/modules/tapenade/ba/ba.c
        new("ADBenchTapenade.cs", "BundleAdjustment.sqsum", Accepted, "n = 3; x = [0.3, 1.2, -0.5]"),
        new("ADBenchTapenade.cs", "BundleAdjustment.cross", Accepted, "a = [0.3, 1.2, -0.5]; b = [0.7, -0.1, 0.4]; out => 3"),
        new("ADBenchTapenade.cs", "BundleAdjustment.rodrigues_rotate_point", Accepted, "rot = [0.1, -0.2, 0.3]; pt = [1, 2, 3]; rotatedPt => 3"),
        new("ADBenchTapenade.cs", "BundleAdjustment.radial_distort", Accepted, "rad_params = [0.01, 0.002]; proj => [0.3, -0.2]"),
        new("ADBenchTapenade.cs", "BundleAdjustment.project", Accepted, "cam = [0.1, -0.2, 0.3, 0.5, 0.4, -3, 800, 320, 240, 0.01, 0.002]; X = [1, 2, 3]; proj => 2"),
        new("ADBenchTapenade.cs", "BundleAdjustment.compute_reproj_error", Accepted, "cam = [0.1, -0.2, 0.3, 0.5, 0.4, -3, 800, 320, 240, 0.01, 0.002]; X = [1, 2, 3]; w = [0.8]; feat = [300, 250]; err => 2"),
        new("ADBenchTapenade.cs", "BundleAdjustment.compute_zach_weight_error", Accepted, "w = [0.7]; err => 1"),

        // Enzyme, enzyme/test/Integration/ReverseMode
        new("EnzymeIntegration.cs", "Loops.compute_loops", Accepted, "a = 2; b = 3"),
        new("EnzymeIntegration.cs", "LoopsDouble.compute_loops", Accepted, "a = 2; b = 3"),
        new("EnzymeIntegration.cs", "LoopsTriple.compute_loops", Accepted, "a = 2; b = 3"),
        new("EnzymeIntegration.cs", "ManyDiv.alldiv", Accepted, "a = [1, 2, 3, 4, 5]; N = 5; start = 3.14"),
        new("EnzymeIntegration.cs", "ManyDiv.alldiv2", Accepted, "a = [1, 2, 3, 4, 5]; N = 5"),
        new("EnzymeIntegration.cs", "ManyMax.alldiv", Accepted, "a = [1, 2, 3, 102, 5]; N = 5; start = 3.14"),
        new("EnzymeIntegration.cs", "ManyMax.alldiv2", Accepted, "a = [1, 2, 3, 4, 102]; N = 5"),
        new("EnzymeIntegration.cs", "SumTil.sumtil", Accepted, "vec = [1, 2, 3, 4, 5]; size = 5"),
        new("EnzymeIntegration.cs", "SumTil2.sumtil", Accepted, "vec = [1, 2, 3, 4, 5]; size = 5"),
        new("EnzymeIntegration.cs", "CacheFwd.sumtil", Accepted, "vec = [1, 2, 3, 4, 5]; size = 5"),
        new("EnzymeIntegration.cs", "VecMax.reduce_max", Accepted, "vec = [-1, 2, -0.2, 2.5, 1]; size = 5"),
        new("EnzymeIntegration.cs", "TaylorLog.taylorlog", Accepted, "x = 0.5; SINCOSN = 100"),
        new("EnzymeIntegration.cs", "Recurse.recurse_max_helper", Accepted, "a = 2; b = 3; N = 6"),
        new("EnzymeIntegration.cs", "Recurse.recurse_max", Accepted, "a = 2; b = 3; N = 6"),
        new("EnzymeIntegration.cs", "InsertSortSum.insertsort_sum", Accepted, "array = [0.5, 1.5, 0.2, 1.1, 0.9, 0.3]; N = 6"),
        new("EnzymeIntegration.cs", "InsertSortSumMin.insertsort_sum", Accepted, "array = [0.5, 1.5, 0.2, 1.1, 0.9, 0.3]; N = 6"),
        new("EnzymeIntegration.cs", "MyCos.my_sin", Accepted, "x = 1.23"),
        new("EnzymeIntegration.cs", "ReadWriteRead.f_read", Accepted, "x = [2]"),
        new("EnzymeIntegration.cs", "ReadWriteRead.g_write", Accepted, "x => [2]; product = 1.5"),
        new("EnzymeIntegration.cs", "ReadWriteRead.h_read", Accepted, "x = [2]"),
        new("EnzymeIntegration.cs", "ReadWriteRead.readwriteread_helper", Accepted, "x = [2]"),
        new("EnzymeIntegration.cs", "RwrLoop.alldiv", Accepted, "a = [-0.6, -0.35, -0.1, 0.15, 0.4, 0.65, 0.9, -0.6, -0.35, -0.1, 0.15, 0.4, 0.65, 0.9, -0.6, -0.35, -0.1, 0.15, 0.4, 0.65, 0.9, -0.6, -0.35, -0.1, 0.15, 0.4, 0.65, 0.9, -0.6, -0.35, -0.1, 0.15, 0.4, 0.65, 0.9, -0.6, -0.35, -0.1, 0.15, 0.4, 0.65, 0.9, -0.6, -0.35, -0.1, 0.15, 0.4, 0.65, 0.9, -0.6, -0.35, -0.1, 0.15, 0.4, 0.65, 0.9, -0.6, -0.35, -0.1, 0.15, 0.4, 0.65, 0.9, -0.6, -0.35, -0.1, 0.15, 0.4, 0.65, 0.9, -0.6, -0.35, -0.1, 0.15, 0.4, 0.65, 0.9, -0.6, -0.35, -0.1, 0.15, 0.4, 0.65, 0.9, -0.6, -0.35, -0.1, 0.15, 0.4, 0.65, 0.9, -0.6, -0.35]; N = 3"),
        new("EnzymeIntegration.cs", "BoundIssue.alldiv", Accepted, "a => [1.5, -0.5, 2, 0.7, 1.2]; N = 3"),
        new("EnzymeIntegration.cs", "HeaderRemat.integrate_image", Accepted, "dr = 201.378; out = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"),

        // SharpLearning, src/SharpLearning.Metrics/Regression, src/SharpLearning.Optimization.Test, and two helpers
        new("SharpLearning.cs", "MeanSquaredErrorRegressionMetric.Error", Accepted, "targets = [1.5, 2, 0.7, 3]; predictions = [1.2, 2.4, 0.9, 2.6]"),
        new("SharpLearning.cs", "MeanAbsolutErrorRegressionMetric.Error", Accepted, "targets = [1.5, 2, 0.7, 3]; predictions = [1.2, 2.4, 0.9, 2.6]"),
        new("SharpLearning.cs", "RootMeanSquareRegressionMetric.Error", Accepted, "targets = [1.5, 2, 0.7, 3]; predictions = [1.2, 2.4, 0.9, 2.6]"),
        new("SharpLearning.cs", "RootMeanLogRegressionMetric.Error", Accepted, "targets = [1.5, 2, 0.7, 3]; predictions = [1.2, 2.4, 0.9, 2.6]"),
        new("SharpLearning.cs", "RootMeanSquarePercentageRegressionMetric.Error", Accepted, "targets = [1.5, 0, 0.7, 3]; predictions = [1.2, 2.4, 0.9, 2.6]"),
        new("SharpLearning.cs", "CoefficientOfDeterminationMetric.Error", Accepted, "targets = [1.5, 2, 0.7, 3]; predictions = [1.2, 2.4, 0.9, 2.6]"),
        new("SharpLearning.cs", "ObjectiveUtilities.Minimize", Accepted, "x = [0.4, 1.1, -0.6]"),
        new("SharpLearning.cs", "ObjectiveUtilities.MinimizeWeightFromHeight", Accepted, "parameters = [35]"),
        new("SharpLearning.cs", "ContinuousMungeAugmentator.GetDistance", Accepted, "p = [0.3, 1.2, -0.5]; q = [0.7, -0.1, 0.4]"),
        new("SharpLearning.cs", "GeometricMeanProbabilityClassificationEnsembleStrategy.GeometricMean", Accepted, "values = [0.3, 0.8, 0.5]"),
    ];

    public static IEnumerable<string> Files => Origins.Keys;

    public static IReadOnlyDictionary<string, CorpusCase> For(string file) =>
        Cases.Where(c => c.File == file).ToDictionary(c => c.Key);
}
