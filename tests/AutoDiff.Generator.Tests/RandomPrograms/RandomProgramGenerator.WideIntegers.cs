using System.Linq;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>Loops over 64-bit and unsigned counters (<see cref="Construct.WideIntegers"/>).</summary>
internal sealed partial class RandomProgramGenerator
{
    private sealed partial class ProgramBuilder
    {
        /// <summary>
        /// <c>T c = start; for (T i = 0; i &lt; K; i++) { c -= i * 3 + 1; target += e * (c % 5); }</c> with T one of
        /// <c>long</c>, <c>uint</c>, <c>ulong</c>: c wraps below 0 (unsigned) or sits above 2^32 (long), and each
        /// iteration's c is what the reverse sweep needs for that iteration's term.
        /// </summary>
        private void WideIntegerLoop(Scope scope)
        {
            used.Add(Construct.WideIntegers);
            MarkLoop(scope);
            var target = Pick(Assignables(scope).ToList());
            NoteParameterWrite(target);
            var (type, start) = random.Next(3) switch
            {
                0 => ("long", "1L << 40"),
                1 => ("uint", "4294967290"),
                _ => ("ulong", "0"),
            };
            string i = Fresh("i"), c = Fresh("c");
            writer.Line(Code.Same($"{type} {c} = {start};"));
            writer.Line(Code.Same($"for ({type} {i} = 0; {i} < {random.Next(2, 5)}; {i}++)"));
            writer.Open();
            writer.Line(Code.Same($"{c} -= {i} * 3 + 1;"));
            writer.Line(Code.Of($"{target.Name} += {{0}} * ({c} % 5);", Bounded(Expr(scope, 1))));
            writer.Close();
        }
    }
}
