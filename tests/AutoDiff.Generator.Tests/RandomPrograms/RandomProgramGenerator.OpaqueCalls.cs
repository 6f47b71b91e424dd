namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>Calls of plain methods whose results are constants of the derivative (<see cref="Construct.OpaqueCalls"/>).</summary>
internal sealed partial class RandomProgramGenerator
{
    private sealed partial class ProgramBuilder
    {
        /// <summary>
        /// <c>target += e * Weight(Mix(i, j));</c>, <c>if (Mix(i, 3) &gt; 1) target += e;</c> or
        /// <c>target += e * Enumerable.Sum(Data);</c>, with <c>Mix(int, int)</c> and <c>Weight(int)</c> plain static methods
        /// of the program's class.
        /// </summary>
        private void OpaqueCall(Scope scope)
        {
            used.Add(Construct.OpaqueCalls);
            var target = Pick(System.Linq.Enumerable.ToList(Assignables(scope)));
            NoteParameterWrite(target);
            var term = Bounded(Expr(scope, 1));
            switch (random.Next(3))
            {
                case 0:
                    writer.Line(Code.Of($"{target.Name} += {{0}} * Weight(Mix({{1}}, {{2}}));", term, IntExpr(scope), IntAtom(scope)));
                    break;
                case 1:
                    writer.Line(Code.Of($"if (Mix({{0}}, 3) > 1) {target.Name} += {{1}};", IntAtom(scope), term));
                    break;
                default:
                    writer.Line(Code.Of($"{target.Name} += {{0}} * System.Linq.Enumerable.Sum(Data) / Data.Length;", term));
                    break;
            }
        }
    }
}
