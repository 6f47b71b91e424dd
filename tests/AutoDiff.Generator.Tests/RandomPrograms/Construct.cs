using System.Collections.Generic;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>
/// The language constructs a random program may contain beyond straight-line code (locals, arithmetic, element reads,
/// int arithmetic, constant fields and every supported Math function, which are always on). Each can be switched off
/// so the test keeps running while the generator is still learning a construct.
/// </summary>
internal enum Construct
{
    /// <summary><c>&lt; &lt;= &gt; &gt;=</c> on doubles and <c>&amp;&amp; || !</c>: data-dependent decisions.</summary>
    Comparisons,

    /// <summary><c>if</c> / <c>else if</c> / <c>else</c>.</summary>
    Branches,

    /// <summary><c>c ? a : b</c>.</summary>
    Ternary,

    /// <summary><c>for</c> loops, forward, backward, strided, and with a data-dependent condition.</summary>
    ForLoops,

    /// <summary><c>while</c> loops whose trip count depends on the inputs.</summary>
    WhileLoops,

    /// <summary><c>do ... while</c> loops whose trip count depends on the inputs.</summary>
    DoLoops,

    /// <summary><c>foreach (double v in x)</c>.</summary>
    Foreach,

    /// <summary>A loop inside a loop.</summary>
    NestedLoops,

    /// <summary>
    /// The method ends in a nest of 2 or 3 loops (counting <c>for</c> loops; at the outermost level sometimes a
    /// <c>foreach</c>, or a <c>while</c> with a real-valued condition) in which each level's last statement is the
    /// next level's loop and the innermost level adds to the returned running sum: the shape whose loops the generator
    /// fuses, level by level, running each iteration's reverse right after it. The levels hold locals reassigned per
    /// iteration, branches, ternaries, inner loops that are not last, a sum reset per outer iteration, prefix locals
    /// the nest overwrites, continue and calls; some nests end in a statement that reads a value, which stops the fusion.
    /// </summary>
    FusableLoopNests,

    /// <summary><c>break</c> and <c>continue</c> under a data-dependent condition.</summary>
    BreakContinue,

    /// <summary><c>return</c> before the end of the method, inside branches and loops.</summary>
    EarlyReturn,

    /// <summary><c>double[] a = new double[n]</c> with element writes and overwrites.</summary>
    HeapArrays,

    /// <summary><c>Span&lt;double&gt; a = stackalloc double[n]</c> with element writes and overwrites.</summary>
    StackArrays,

    /// <summary>
    /// <c>double[] a = new double[n]</c> or <c>Span&lt;double&gt; a = stackalloc double[n]</c> inside a loop body: a fresh
    /// zeroed array every iteration, of a length the same in every iteration (a constant or another array's length).
    /// </summary>
    ArraysInLoops,

    /// <summary>Calls to other <c>[Differentiable]</c> static methods of the same class.</summary>
    Calls,

    /// <summary>
    /// A value with an unbounded partial (Sqrt, Log, a quotient, a fractional power, Asin) computed unconditionally and
    /// used only under a guard that excludes its singular points: where the guard fails the value is NaN or infinite,
    /// its adjoint zero and its partial unbounded, and the derivatives must still be those of the branch taken.
    /// </summary>
    MaskedPartials,

    /// <summary>
    /// Running dot products <c>d += a[i + p] * b[i + q]</c> over a counting loop: vector kernels in the generated code
    /// (a dot product forward, <c>y += k x</c> in reverse).
    /// </summary>
    DotProducts,

    /// <summary>
    /// Call arguments that convert implicitly: a <c>double[]</c> or <c>Span&lt;double&gt;</c> passed to a
    /// <c>ReadOnlySpan&lt;double&gt;</c> parameter.
    /// </summary>
    ConvertedArguments,

    /// <summary>Assignments and compound assignments to the method's own <c>double</c> parameters (C# parameters are locals).</summary>
    ParameterWrites,

    /// <summary>
    /// Assignments and <c>++</c>/<c>--</c> used as values: cursor reads <c>a[q++ % a.Length]</c>, <c>t = u = e</c>,
    /// <c>if ((u = e) &gt; c)</c>, <c>while (w-- &gt; 0)</c>, an increment in the right operand of <c>&amp;&amp;</c>.
    /// </summary>
    ValueAssignments,

    /// <summary>Switch expressions on doubles (relational arms) and ints, and switch statements on ints with guarded sections.</summary>
    Switches,

    /// <summary>Tuple deconstruction: swaps <c>(a, b) = (b, a)</c>, <c>(a, b) = (e1, e2)</c>, <c>var (u, v) = (e1, e2)</c>.</summary>
    Tuples,

    /// <summary>
    /// Structured constant data read as data (a <c>double[][]</c>, a <c>double[,]</c>, <c>float[]</c>, <c>int[]</c> and
    /// struct arrays in static fields), and local 2-D arrays <c>new double[r, c]</c> filled with values of the inputs,
    /// overwritten and read back.
    /// </summary>
    StructuredData,

    /// <summary>
    /// The <see cref="Calls"/> helpers written as static local functions at the top of the method's body instead of
    /// <c>[Differentiable]</c> methods of the class (one calling another included), or, when they call none of the others
    /// and none calls them, sometimes as static lambdas in locals: each becomes a private callee.
    /// </summary>
    LocalFunctions,

    /// <summary>
    /// Slices passed to a helper's <c>ReadOnlySpan&lt;double&gt;</c> parameter: <c>a.Slice(i)</c>, <c>a.Slice(i, 1)</c>,
    /// <c>a[i..]</c>, <c>a[^1..]</c>, <c>a[..1]</c>, <c>a.AsSpan(i)</c>, <c>a.AsSpan(i, 1)</c> of inputs and local arrays.
    /// </summary>
    SliceArguments,

    /// <summary>
    /// Statements that change no value and never fire on the generated inputs: <c>if (e &gt; 1e300) throw new ...;</c>,
    /// <c>ArgumentOutOfRangeException.ThrowIfGreaterThan(k, 1000000000)</c>, <c>Debug.Assert(!(e &gt; 1e300), "...")</c>.
    /// </summary>
    GuardClauses,

    /// <summary>
    /// Calls of a <c>void</c> <c>[Differentiable]</c> helper, <c>Blend(a, v, r)</c>: <c>r[0] = 0.5 r[0] + Sin(a v[0])</c>,
    /// on a writable local array or a slice of one (the helper reads its output before writing it, and writes it only in
    /// part), with <c>v</c> an input, a local array, a slice, or the output itself.
    /// </summary>
    VoidCalls,

    /// <summary>
    /// A loop counting with a <c>long</c>, <c>uint</c> or <c>ulong</c> counter and updating a counter of that type that
    /// wraps around (a <c>ulong</c> from 0 downwards, a <c>uint</c> near its top, a <c>long</c> above 2^32), whose value
    /// scales a term of a running double, so the reverse sweep reads it back from the tape.
    /// </summary>
    WideIntegers,

    /// <summary>
    /// Calls of plain static methods, not <c>[Differentiable]</c>, whose results do not depend on the inputs: an int
    /// helper of int values, a double weight of its result, LINQ's <c>Sum</c> over the constant <c>Data</c>, as factors
    /// and in conditions, so the generated code calls them where the method does and keeps their values for the reverse
    /// sweep.
    /// </summary>
    OpaqueCalls,
}

internal static class Constructs
{
    public static readonly IReadOnlyList<Construct> All = (Construct[])System.Enum.GetValues(typeof(Construct));
}
