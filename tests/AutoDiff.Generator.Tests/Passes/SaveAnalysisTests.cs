using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Rules;
using AutoDiff.Generator.Transforms;
using Xunit;
using static AutoDiff.Generator.Tests.Passes.Ir;

namespace AutoDiff.Generator.Tests.Passes;

/// <summary>
/// <see cref="SaveAnalysis"/> on hand-built three-address programs, with the reverse sweep's reads given by the usual
/// rules: <c>v = a * b</c> and <c>v = a / b</c> read a and b, <c>v = Math.Exp(a)</c> reads v after, <c>v = f(a)</c>
/// reads a, sums and differences read nothing, and an element read reads its index.
/// </summary>
public class SaveAnalysisTests
{
    private static IEnumerable<string> ReadsBefore(Statement statement) => statement switch
    {
        AssignStatement { Value: BinaryExpr { Operator: BinaryOperator.Multiply or BinaryOperator.Divide } binary } =>
            ProgramFacts.Reads(binary.Left).Concat(ProgramFacts.Reads(binary.Right)),
        AssignStatement { Value: BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } binary } =>
            Indices(binary.Left).Concat(Indices(binary.Right)),
        AssignStatement { Value: MathCallExpr call } when call.Function == MathRules.Exp => Enumerable.Empty<string>(),
        AssignStatement { Value: MathCallExpr call } => call.Arguments.SelectMany(ProgramFacts.Reads),
        AssignStatement assign => Indices(assign.Value),
        _ => Enumerable.Empty<string>(),
    };

    private static IEnumerable<string> Indices(Expr expression) =>
        expression is ElementExpr element ? ProgramFacts.Reads(element.Index) : Enumerable.Empty<string>();

    private static IEnumerable<string> ReadsAfter(Statement statement) =>
        statement is AssignStatement { Value: MathCallExpr call } exp && call.Function == MathRules.Exp ? new[] { exp.Target } : Enumerable.Empty<string>();

    private static HashSet<Statement> Saves(List<Statement> body, params string[] exempt) =>
        SaveAnalysis.Run(body, ReadsBefore, ReadsAfter, name => name == "i" || exempt.Contains(name)).Saves;

    [Fact]
    public void AnOverwrittenValueALaterReverseReadsIsSaved()
    {
        var first = Set("v", Real("p"));
        var read = Set("y", Mul(Real("v"), Real("v")));
        var overwrite = Set("v", Mul(Real("p"), Num(3)));
        var last = Set("z", Mul(Real("v"), Real("y")));

        var saves = Saves(Body(first, read, overwrite, last));

        Assert.Equal(new Statement[] { overwrite }, saves);
    }

    [Fact]
    public void AnExemptVariableIsNeverSaved()
    {
        var overwrite = Set("v", Mul(Real("p"), Num(3)));

        Assert.Single(Saves(Body(Set("v", Real("p")), Set("y", Mul(Real("v"), Real("v"))), overwrite)));
        Assert.Empty(Saves(Body(Set("v", Real("p")), Set("y", Mul(Real("v"), Real("v"))), overwrite), "v"));
    }

    [Fact]
    public void AResultItsReverseReadsIsSavedWhenOverwrittenAndItsOperandIsNot()
    {
        // y = exp(v): the reverse reads y (d exp(v)/dv = exp(v)), not v.
        var overwriteV = Set("v", Num(1));
        var overwriteY = Set("y", Num(0));

        var saves = Saves(Body(Set("y", Call(MathRules.Exp, Real("v"))), overwriteV, overwriteY));

        Assert.Equal(new Statement[] { overwriteY }, saves);
    }

    [Fact]
    public void ARunningSumReadOnlyAfterItsLoopIsNotSaved()
    {
        // s = 0; for i: { t = x[i] * x[i]; s = s + t; }  r = s * s;
        var body = Body(
            Set("s", Num(0)),
            Set("i", IntLit(0)),
            For("i", Int("n"), Set("t", Mul(At("x", Int("i")), At("x", Int("i")))), Set("s", Add(Real("s"), Real("t")))),
            Set("r", Mul(Real("s"), Real("s"))));

        Assert.Empty(Saves(body));
    }

    [Fact]
    public void ARunningProductIsSavedAndSoIsTheFactorTheNextIterationOverwrites()
    {
        // s = 1; for i: { t = x[i] * x[i]; s = s * t; }: s * t reads s and t; iteration k + 1 overwrites both.
        var factor = Set("t", Mul(At("x", Int("i")), At("x", Int("i"))));
        var product = Set("s", Mul(Real("s"), Real("t")));
        var body = Body(Set("s", Num(1)), Set("i", IntLit(0)), For("i", Int("n"), factor, product));

        var saves = Saves(body);

        Assert.Equal(2, saves.Count);
        Assert.Contains(factor, saves);
        Assert.Contains(product, saves);
    }

    [Fact]
    public void AValueReadInOneIterationAndOverwrittenInTheNextIsSaved()
    {
        // for i: { p = x[i]; u = p * p; q = q + u; }: u's reverse in iteration k reads p, which iteration k + 1 overwrites
        // (the first walk through the body does not see it: only the loop's fixed point does).
        var p = Set("p", At("x", Int("i")));
        var body = Body(Set("i", IntLit(0)), For("i", Int("n"), p, Set("u", Mul(Real("p"), Real("p"))), Set("q", Add(Real("q"), Real("u")))));

        Assert.Equal(new Statement[] { p }, Saves(body));

        // Straight-line, the same statements save nothing.
        Assert.Empty(Saves(Body(Set("p", At("x", 0)), Set("u", Mul(Real("p"), Real("p"))), Set("q", Add(Real("q"), Real("u"))))));
    }

    [Fact]
    public void AReadOnOneBranchIsJoinedAfterTheIf()
    {
        var overwrite = Set("v", Num(2));
        var body = Body(
            If(Bool("c"), new Statement[] { Set("y", Mul(Real("v"), Real("v"))) }, new Statement[] { Set("y", Real("v")) }),
            overwrite);

        Assert.Equal(new Statement[] { overwrite }, Saves(body));
    }

    [Fact]
    public void AReadBeforeABreakReachesWhatFollowsTheLoop()
    {
        // while (true) { v = v + 1; if (c) { y = v * v; break; } }  v = 0;
        // Only the last iteration reads v (then breaks): v = v + 1 need not save, the v = 0 after the loop must.
        var step = Set("v", Add(Real("v"), Num(1)));
        var after = Set("v", Num(0));
        var body = Body(While(True, step, If(Bool("c"), new Statement[] { Set("y", Mul(Real("v"), Real("v"))), Break })), after);

        Assert.Equal(new Statement[] { after }, Saves(body));
    }

    [Fact]
    public void LoopEntriesAreWhatALaterReverseReadsOnEntryToTheLoop()
    {
        var loop = For("i", Int("n"), Set("s", Add(Real("s"), Real("y"))));
        var body = Body(Set("y", Mul(Real("v"), Real("w"))), Set("i", IntLit(0)), loop);

        var (saves, entries) = SaveAnalysis.Run(body, ReadsBefore, ReadsAfter, name => name == "i");

        Assert.Empty(saves);
        Assert.Equal(new[] { "v", "w" }, entries[loop].OrderBy(n => n, System.StringComparer.Ordinal));
    }

    [Fact]
    public void WhatIsReadBeforeEntryIsSavedWhenOverwritten()
    {
        var overwrite = Set("v", Num(2));

        Assert.Empty(SaveAnalysis.Run(Body(overwrite), ReadsBefore, ReadsAfter, _ => false).Saves);
        Assert.Equal(new Statement[] { overwrite }, SaveAnalysis.Run(Body(overwrite), ReadsBefore, ReadsAfter, _ => false, readBeforeEntry: new[] { "v" }).Saves);
    }

    [Fact]
    public void AValueAnInnerLoopReadsIsSavedWhenTheNextOuterIterationOverwritesIt()
    {
        // for j: { w = y[j] * 2; for i: { u = w * x[i]; s = s + u; } }: every inner iteration reads w; the outer
        // iteration j + 1 overwrites it (and the inner loop reads nothing it overwrites itself).
        var w = Set("w", Mul(At("y", Int("j")), Num(2)));
        var inner = For("i", Int("n"), Set("u", Mul(Real("w"), At("x", Int("i")))), Set("s", Add(Real("s"), Real("u"))));
        var body = Body(Set("j", IntLit(0)), For("j", Int("m"), w, Set("i", IntLit(0)), inner));

        var (saves, entries) = SaveAnalysis.Run(body, ReadsBefore, ReadsAfter, name => name is "i" or "j");

        Assert.Equal(new Statement[] { w }, saves);

        // On entry to the inner loop, values already read: y and j (by w's reverse), x (by earlier outer iterations'
        // inner loops); not w, assigned anew right before each entry.
        Assert.Equal(new[] { "j", "x", "y" }, entries[inner].OrderBy(n => n, System.StringComparer.Ordinal));
    }

    [Fact]
    public void AnElementAssignmentsReadsCountToo()
    {
        // y[0] = v * w reads v and w; v = 0 after it must save.
        var overwrite = Set("v", Num(0));
        var read = SetAt("y", IntLit(0), Mul(Real("v"), Real("w")));

        var saves = SaveAnalysis.Run(
            Body(read, overwrite),
            statement => statement == read ? new[] { "v", "w" } : ReadsBefore(statement),
            ReadsAfter,
            _ => false).Saves;

        Assert.Equal(new Statement[] { overwrite }, saves);
    }
}
