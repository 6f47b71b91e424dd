using System;
using System.Linq;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Which of reverse mode's optimisations run. All of them by default; the tests turn them off to compare an optimised
/// gradient with a naive one (as Clad runs its suite with its to-be-recorded analysis on and off), and a user who
/// suspects one can turn it off with the <c>AutoDiffDisabledOptimizations</c> MSBuild property.
/// </summary>
/// <param name="SaveAnalysis">
/// Save only the overwritten values the reverse sweep reads (<see cref="Transforms.SaveAnalysis"/>), and nothing for the
/// first write of an element of a fresh array (<see cref="FreshElementWrites"/>); off, every assignment saves the value
/// it overwrites.
/// </param>
/// <param name="LoopFusion">
/// Run a final loop's reverse inside it, iteration by iteration, when its iterations share only running sums; statements
/// after it that share nothing with it move in front of it first.
/// </param>
/// <param name="Recomputation">
/// Recompute loop-local values from data the loop does not change (but not calls of math functions the JIT does not
/// inline), and the trip counts of counting loops with stable bounds, instead of saving them.
/// </param>
/// <param name="Vectorization">
/// Replace unit-stride dot-product and independent axpy loops by the runtime's vector kernels (<see cref="Transforms.Vectorization"/>),
/// and write outputs that a counting loop adds into at shifted indices once per element (<see cref="GatherForm"/>);
/// off, every loop adds in the scalar order, and no loop runs in lanes.
/// </param>
/// <param name="LaneLoops">
/// Run loops whose iterations depend on one another only through running sums and pending sums four iterations at a
/// time in vector lanes (<see cref="Transforms.LaneLoops"/>), with the bits of the scalar code; needs <paramref name="Vectorization"/>.
/// </param>
/// <param name="InvariantCalls">
/// Compute a math call in a loop whose arguments do not change from one iteration to the next once per entry into the
/// loop, into a table (<see cref="Transforms.InvariantCalls"/>); the derivatives then add the same terms in another order.
/// </param>
internal sealed record DifferentiationOptions(bool SaveAnalysis, bool LoopFusion, bool Recomputation, bool Vectorization, bool LaneLoops, bool InvariantCalls)
{
    /// <summary>The MSBuild property (seen by the compiler as <c>build_property.AutoDiffDisabledOptimizations</c>).</summary>
    public const string PropertyName = "AutoDiffDisabledOptimizations";

    public static DifferentiationOptions All { get; } = new(true, true, true, true, true, true);

    public static DifferentiationOptions None { get; } = new(false, false, false, false, false, false);

    /// <summary>
    /// Reads the property's value: <c>all</c>, or a list of <c>SaveAnalysis</c>, <c>LoopFusion</c>,
    /// <c>Recomputation</c>, <c>Vectorization</c>, <c>LaneLoops</c>, <c>InvariantCalls</c> separated by commas or semicolons (case-insensitive); unknown
    /// names are ignored. Turning <c>Vectorization</c> off turns lane loops off too.
    /// </summary>
    public static DifferentiationOptions Parse(string? disabled)
    {
        if (string.IsNullOrWhiteSpace(disabled))
        {
            return All;
        }

        var names = disabled!.Split(new[] { ',', ';', ' ' }, StringSplitOptions.RemoveEmptyEntries);
        bool Off(string name) => names.Any(n => n.Equals("all", StringComparison.OrdinalIgnoreCase) || n.Equals(name, StringComparison.OrdinalIgnoreCase));
        return new DifferentiationOptions(!Off(nameof(SaveAnalysis)), !Off(nameof(LoopFusion)), !Off(nameof(Recomputation)), !Off(nameof(Vectorization)),
            !Off(nameof(Vectorization)) && !Off(nameof(LaneLoops)), !Off(nameof(InvariantCalls)));
    }
}
