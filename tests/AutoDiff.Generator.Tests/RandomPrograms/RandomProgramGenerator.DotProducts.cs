using System;
using System.Linq;

namespace AutoDiff.Generator.Tests.RandomPrograms;

/// <summary>Running dot products over two arrays (<see cref="Construct.DotProducts"/>).</summary>
internal sealed partial class RandomProgramGenerator
{
    private sealed partial class ProgramBuilder
    {
        /// <summary>
        /// <c>double d = e; for (int i = 0; i &lt; K; i++) { d += a[i + p] * b[i + q]; }</c> with K, p and q constants that
        /// keep every read in range, a and b any visible arrays (the same one too): the loop the generated code computes
        /// with a vector dot product, and whose reverse adds into the adjoints with vector kernels.
        /// </summary>
        private void DotProduct(Scope scope)
        {
            used.Add(Construct.DotProducts);
            used.Add(Construct.ForLoops);
            var arrays = scope.Visible(s => s.Arrays).Where(a => a.MinLength > 0).ToList();
            var a = Pick(arrays);
            var b = Pick(arrays);
            int p = random.Next(Math.Min(3, a.MinLength));
            int q = random.Next(Math.Min(3, b.MinLength));
            int count = Math.Min(a.MinLength - p, b.MinLength - q);
            string d = Fresh("d"), i = Fresh("i");
            writer.Line(Code.Of("double " + d + " = {0};", Rhs(scope)));
            writer.Line(Code.Same($"for (int {i} = 0; {i} < {count}; {i}++)"));
            writer.Open();
            writer.Line(Code.Same($"{d} += {a.Name}[{Offset(i, p)}] * {b.Name}[{Offset(i, q)}];"));
            writer.Close();
            scope.Doubles.Add(new DoubleVar(d, assignable: true, fold: true) { DeclaredAt = writer.PlainLength });
        }

        private static string Offset(string index, int offset) => offset == 0 ? index : $"{index} + {offset}";
    }
}
