using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.IR;

/// <summary>A statement of the intermediate representation, both of the parsed method and of generated ones.</summary>
internal abstract record Statement
{
    /// <summary>Calls <paramref name="visitor"/>'s method for this kind of statement.</summary>
    public abstract void Accept(StatementVisitor visitor);
}

/// <summary>
/// A local of the generated method, declared once at its top with a default value. Locals of the user's method
/// are hoisted the same way, so that the reverse sweep can read what the forward sweep computed in any block.
/// </summary>
internal sealed record DeclareStatement(string Name, ValueKind Kind, LocalArrayKind ArrayKind = LocalArrayKind.None) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitDeclare(this);
}

/// <summary>How a local array is stored.</summary>
internal enum LocalArrayKind
{
    None,

    /// <summary><c>double[] a = new double[n]</c>.</summary>
    Heap,

    /// <summary><c>Span&lt;double&gt; a = stackalloc double[n]</c>.</summary>
    Stack,

    /// <summary>
    /// Zeroed scratch borrowed from the thread's gradient tape, given back when the generated method's tape scope ends:
    /// the storage of a vector output inside <c>{Name}VectorJacobianProduct</c>, which computes the output but does not
    /// return it (no allocation, and no stack limit on the output's length).
    /// </summary>
    Tape,
}

/// <summary>
/// <c>target = value;</c>, declaring <paramref name="Target"/> of <paramref name="TargetKind"/> when
/// <paramref name="Declare"/> is set.
/// </summary>
internal sealed record AssignStatement(string Target, ValueKind TargetKind, Expr Value, bool Declare) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitAssign(this);
}

/// <summary><c>array[index] = value;</c> on a local array.</summary>
internal sealed record ElementAssignStatement(string Array, Expr Index, Expr Value) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitElementAssign(this);
}

/// <summary><c>array = new double[length];</c> or <c>array = stackalloc double[length];</c>.</summary>
internal sealed record ArrayCreateStatement(string Array, Expr Length, LocalArrayKind Kind) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitArrayCreate(this);
}

/// <summary><c>target += value;</c> (an adjoint accumulation).</summary>
internal sealed record AccumulateStatement(string Target, Expr Value) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitAccumulate(this);
}

/// <summary><c>array[index] += value;</c> (an adjoint accumulation into an adjoint array).</summary>
internal sealed record ElementAccumulateStatement(string Array, Expr Index, Expr Value) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitElementAccumulate(this);
}

/// <summary><c>array.Clear();</c></summary>
internal sealed record ClearStatement(string Array) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitClear(this);
}

/// <summary><c>if (condition) { then } else { else }</c>.</summary>
internal sealed record IfStatement(Expr Condition, EquatableArray<Statement> Then, EquatableArray<Statement> Else) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitIf(this);
}

/// <summary>
/// A loop: <c>while (condition) { body; increment }</c>, or a <c>do</c> loop when <paramref name="TestFirst"/> is
/// false. <paramref name="Index"/> names the counter of a counting <c>for</c> loop (<c>for (int i = a; ...; i += step)</c>
/// with <c>i</c> assigned nowhere else), which the reverse sweep recomputes instead of saving; its increment is
/// <paramref name="Increment"/>.
/// </summary>
internal sealed record LoopStatement(
    Expr Condition,
    bool TestFirst,
    EquatableArray<Statement> Body,
    EquatableArray<Statement> Increment,
    string? Index,
    int Step) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitLoop(this);
}

/// <summary>
/// The reverse of a loop: <c>for (int counter = count - 1; counter &gt;= 0; counter--) { body }</c>.
/// </summary>
internal sealed record CountdownLoopStatement(string Counter, Expr Count, EquatableArray<Statement> Body) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitCountdownLoop(this);
}

/// <summary><c>break;</c></summary>
internal sealed record BreakStatement : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitBreak(this);
}

/// <summary><c>continue;</c></summary>
internal sealed record ContinueStatement : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitContinue(this);
}

/// <summary><c>return value;</c></summary>
internal sealed record ReturnStatement(Expr Value) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitReturn(this);
}

/// <summary>
/// Leaves the method (a <c>return</c> whose value is already in the result local). Only exists between the
/// control-flow passes: after them it is always last and is dropped.
/// </summary>
internal sealed record ExitStatement : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitExit(this);
}

/// <summary>
/// Runs <paramref name="Body"/> with this thread's gradient tape in local <paramref name="Tape"/>, resetting the tape
/// to its height on entry (local <paramref name="Mark"/>) however the body ends.
/// </summary>
internal sealed record TapeScopeStatement(string Tape, string Mark, EquatableArray<Statement> Body) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitTapeScope(this);
}

/// <summary>
/// <c>{ var mark = tape.Mark(); body; tape.Reset(mark); }</c> around one call that borrows zeroed spans from the tape
/// (the adjoint of an argument nobody differentiates, a zero tangent): the spans go back right after the call, so a
/// call in a loop does not take new ones every iteration until the method returns. The callee leaves the tape as it
/// found it, so the reset returns exactly these spans. No try/finally: if the call throws, the method's own
/// <see cref="TapeScopeStatement"/> resets the tape.
/// </summary>
internal sealed record ScratchScopeStatement(string Tape, string Mark, EquatableArray<Statement> Body) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitScratchScope(this);


    /// <summary>Whether <paramref name="call"/> borrows a span from the tape.</summary>
    public static bool Borrows(Expr call) => call switch
    {
        PullbackCallExpr pullback => pullback.Adjoints.Any(a => a.Target is TapeSpanExpr),
        EmittedCallExpr method => method.Arguments.Any(a => a.Value is TapeSpanExpr),
        _ => false,
    };
}

/// <summary><c>tape.Push(value);</c>: a value the reverse sweep needs and the forward sweep is about to lose.</summary>
internal sealed record PushStatement(string Tape, Expr Value) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitPush(this);
}

/// <summary><c>target = tape.Pop...();</c>, or <c>target[index] = tape.PopDouble();</c> when <paramref name="Index"/> is set.</summary>
internal sealed record PopStatement(string Tape, string Target, ValueKind Kind, Expr? Index = null) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitPop(this);
}

/// <summary>A call whose value is discarded: the reverse sweep's call of another method's pullback.</summary>
internal sealed record CallStatement(Expr Call) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitCall(this);
}

/// <summary>
/// A statement that changes no value the method computes: a guard clause's <c>throw new ArgumentException(...)</c>, an
/// <c>ArgumentOutOfRangeException.ThrowIfNegative(n)</c> check, <c>Debug.Assert</c>, <c>Console.WriteLine</c>. It runs
/// where the user wrote it, in the method's own computation inside every generated member (the forward sweep, the
/// tangent code), and never in a reverse sweep; a throw ends the call as it does in the original. It has no derivative.
/// </summary>
/// <param name="Parts">
/// Its C#, in order: text printed as the parser wrote it (fully qualified names, literals) and the IR values it reads,
/// printed from the IR so that they name what the generated code names.
/// </param>
internal sealed record EffectStatement(EquatableArray<EffectPart> Parts) : Statement
{
    /// <summary>The values the statement reads.</summary>
    public IEnumerable<Expr> Reads => Parts.Items.Select(p => p.Value).OfType<Expr>();

    public override void Accept(StatementVisitor visitor) => visitor.VisitEffect(this);
}

/// <summary>A piece of an <see cref="EffectStatement"/>: either C# text or a value.</summary>
internal sealed record EffectPart(string? Text, Expr? Value)
{
    public static EffectPart Of(string text) => new(text, null);

    public static EffectPart Of(Expr value) => new(null, value);
}

/// <summary>
/// A <c>// text</c> line that explains the generated code; with <paramref name="SourceLine"/>, it heads the code of a
/// line of the user's method: <c>// line N: text</c> (or <c>// reverse of line N: text</c>), and the statements under a
/// forward one map to that line (<c>#line</c>) so stack traces and breakpoints land in the user's source.
/// </summary>
/// <param name="SourceLine">
/// The source line, counted from the method's first line (0), so that moving the method leaves the model unchanged;
/// the emitter adds the method's line.
/// </param>
/// <param name="IsReverse">Heads the reverse sweep's code for that line (not mapped: it runs backwards).</param>
internal sealed record CommentStatement(string Text, int? SourceLine = null, bool IsReverse = false) : Statement
{
    public override void Accept(StatementVisitor visitor) => visitor.VisitComment(this);
}

/// <summary>A check of a generated method's arguments, made before anything else runs.</summary>
internal abstract record ArgumentCheckStatement : Statement
{
    public sealed override void Accept(StatementVisitor visitor) => visitor.VisitArgumentCheck(this);
}

/// <summary>Throws <c>ArgumentException</c> naming <paramref name="Output"/> when its length differs from <paramref name="Input"/>'s.</summary>
internal sealed record LengthCheckStatement(string Output, string Input) : ArgumentCheckStatement;

/// <summary>Throws <c>ArgumentNullException</c> naming <paramref name="Parameter"/> when it is null (array inputs).</summary>
internal sealed record NullCheckStatement(string Parameter) : ArgumentCheckStatement;

/// <summary>
/// Throws <c>ArgumentException</c> naming <paramref name="Output"/> when its memory overlaps <paramref name="Other"/>'s
/// (an input, or another output): outputs are written while inputs are still being read.
/// </summary>
internal sealed record OverlapCheckStatement(string Output, string Other) : ArgumentCheckStatement;

/// <summary>
/// Throws <c>ArgumentException</c> naming <paramref name="Output"/> unless its length is <paramref name="Rows"/>'s length
/// times <paramref name="Columns"/>'s (a dense Jacobian, row-major).
/// </summary>
internal sealed record MatrixShapeCheckStatement(string Output, string Rows, string Columns) : ArgumentCheckStatement;

/// <summary>
/// Throws <c>ArgumentException</c> naming <paramref name="Output"/> unless <paramref name="Columns"/> is not empty and
/// <paramref name="Output"/>'s length is a multiple of its length (a dense Jacobian whose row count m is read from its size).
/// </summary>
internal sealed record MatrixColumnsCheckStatement(string Output, string Columns) : ArgumentCheckStatement;
