using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Transforms;
using Xunit;
using static AutoDiff.Generator.Tests.Passes.Ir;

namespace AutoDiff.Generator.Tests.Passes;

/// <summary><see cref="ProgramFacts"/> on a hand-built three-address program: positions, counts, reads and what is recomputable.</summary>
public class ProgramFactsTests
{
    // s = 0; i = 0;
    // for (; i < n; i++) { a = x[i] * 2; d = a * a; c = x[i] + 1; b = d * s; s = s + b; }
    // if (s > 0) r = s * c; else r = s;
    private readonly AssignStatement _s0 = Set("s", Num(0));
    private readonly AssignStatement _i0 = Set("i", IntLit(0));
    private readonly AssignStatement _a = Set("a", Mul(At("x", Int("i")), Num(2)));
    private readonly AssignStatement _d = Set("d", Mul(Real("a"), Real("a")));
    private readonly AssignStatement _c = Set("c", Add(At("x", Int("i")), Num(1)));
    private readonly AssignStatement _b = Set("b", Mul(Real("d"), Real("s")));
    private readonly AssignStatement _sum = Set("s", Add(Real("s"), Real("b")));
    private readonly AssignStatement _r1 = Set("r", Mul(Real("s"), Real("c")));
    private readonly AssignStatement _r2 = Set("r", Real("s"));
    private readonly LoopStatement _loop;
    private readonly IfStatement _branch;
    private readonly List<Statement> _body;

    public ProgramFactsTests()
    {
        _loop = For("i", Int("n"), _a, _d, _c, _b, _sum);
        _branch = If(Greater(Real("s"), Num(0)), new Statement[] { _r1 }, new Statement[] { _r2 });
        _body = Body(_s0, _i0, _loop, _branch);
    }

    [Fact]
    public void OrderAndLoopDepthFollowTheWalk()
    {
        var facts = ProgramFacts.Collect(_body);
        var increment = _loop.Increment[0];

        var expectedOrder = new Statement[] { _s0, _i0, _loop, _a, _d, _c, _b, _sum, increment, _branch, _r1, _r2 };
        Assert.Equal(Enumerable.Range(0, expectedOrder.Length), expectedOrder.Select(s => facts.Order[s]));
        Assert.Equal(new[] { 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0 }, expectedOrder.Select(s => facts.LoopDepth[s]));
        Assert.True(facts.IsInside(_a, _loop));
        Assert.True(facts.IsInside(increment, _loop));
        Assert.False(facts.IsInside(_loop, _loop));
        Assert.False(facts.IsInside(_r1, _loop));
    }

    [Fact]
    public void SitesAndAssignmentsCountEveryAssignment()
    {
        var facts = ProgramFacts.Collect(_body);

        Assert.Equal(
            new[] { ("s", 0), ("i", 0), ("a", 1), ("d", 1), ("c", 1), ("b", 1), ("s", 1), ("i", 1), ("r", 0), ("r", 0) },
            facts.Sites.Select(site => (((AssignStatement)site.Statement).Target, site.LoopDepth)));
        Assert.Equal(new[] { "s", "a", "d", "c", "b", "s", "r", "r" }, facts.RealAssignments.Select(a => a.Target));
        Assert.Equal(2, facts.AssignmentCount("s"));
        Assert.Equal(2, facts.AssignmentCount("i"));
        Assert.Equal(1, facts.AssignmentCount("a"));
        Assert.Equal(0, facts.AssignmentCount("x"));
        Assert.Equal(new[] { "i" }, facts.CountingIndices);
    }

    [Fact]
    public void LoopLocalValuesFromStableDataAreRecomputable()
    {
        var facts = ProgramFacts.Collect(_body);

        // a reads x and the index; d reads a (itself recomputed). c is read after the loop, b reads s (changed in the loop).
        Assert.Equal(new[] { "a", "d" }, facts.Recomputable.Keys.OrderBy(k => k, System.StringComparer.Ordinal));
        Assert.Same(_a, facts.Recomputable["a"]);
        Assert.Same(_loop, facts.LoopOf[_a]);
        Assert.Same(_loop, facts.LoopOf[_d]);
    }

    [Fact]
    public void AValueAssignedTwiceOrFromACallIsNotRecomputable()
    {
        var body = Body(
            Set("i", IntLit(0)),
            For(
                "i",
                Int("n"),
                Set("a", At("x", Int("i"))),
                Set("a", Mul(Real("a"), Num(2))),
                Set("g", Invoke("G", At("x", Int("i")))),
                Set("s", Add(Real("a"), Real("g")))));

        var facts = ProgramFacts.Collect(body);

        Assert.Empty(facts.Recomputable);
    }

    [Fact]
    public void AValueInAnInnerLoopMayReadTheOuterLoopsIndex()
    {
        // for j: for i: p = y[j] * x[i]; s = s + p   (p reads both indices; both are stable for the inner loop)
        var p = Set("p", Mul(At("y", Int("j")), At("x", Int("i"))));
        var inner = For("i", Int("n"), p, Set("s", Add(Real("s"), Real("p"))));
        var outer = For("j", Int("m"), Set("i", IntLit(0)), inner);

        var facts = ProgramFacts.Collect(Body(Set("j", IntLit(0)), outer));

        Assert.Equal(2, facts.LoopDepth[p]);
        Assert.True(facts.IsInside(p, outer));
        Assert.Same(inner, facts.LoopOf[p]);
        Assert.Equal(new[] { "i", "j" }, facts.CountingIndices.OrderBy(n => n, System.StringComparer.Ordinal));
    }

    [Fact]
    public void ReadsAndCollectAssignedNameEveryVariable()
    {
        Assert.Equal(
            new[] { "a", "i", "s", "x" },
            ProgramFacts.Reads(Mul(Real("a"), Add(Real("s"), At("x", Int("i"))))).OrderBy(n => n, System.StringComparer.Ordinal));

        var assigned = new HashSet<string>();
        StatementTree.CollectAssigned(_body.Append(SetAt("y", IntLit(0), Num(1))), assigned);
        Assert.Equal(new[] { "a", "b", "c", "d", "i", "r", "s", "y" }, assigned.OrderBy(n => n, System.StringComparer.Ordinal));
    }

    [Fact]
    public void OnlyAnAssignmentDirectlyInTheLoopBodyIsRecomputable()
    {
        // The same a = x[i] * 2, under an if in the loop: the reverse sweep cannot recompute it at the iteration's start.
        var nested = Set("a", Mul(At("x", Int("i")), Num(2)));
        var body = Body(Set("i", IntLit(0)), For("i", Int("n"), If(Bool("c"), new Statement[] { nested, Set("s", Add(Real("s"), Real("a"))) })));

        var facts = ProgramFacts.Collect(body);

        Assert.Empty(facts.Recomputable);
        Assert.Equal(1, facts.LoopDepth[nested]);
    }
}
