namespace AutoDiff.Generator.IR;

/// <summary>A statement of the intermediate representation, both of the parsed method and of generated ones.</summary>
internal abstract record Statement;

/// <summary><c>double name;</c>: a local declared without a value (the parser keeps it; later passes may drop it).</summary>
internal sealed record DeclareStatement(string Name, ValueKind Kind) : Statement;

/// <summary>
/// <c>target = value;</c>, declaring <paramref name="Target"/> of <paramref name="TargetKind"/> when
/// <paramref name="Declare"/> is set.
/// </summary>
internal sealed record AssignStatement(string Target, ValueKind TargetKind, Expr Value, bool Declare) : Statement;

/// <summary><c>target += value;</c> (an adjoint accumulation).</summary>
internal sealed record AccumulateStatement(string Target, Expr Value) : Statement;

/// <summary><c>array[index] += value;</c> (an adjoint accumulation into a gradient output).</summary>
internal sealed record ElementAccumulateStatement(string Array, Expr Index, Expr Value) : Statement;

/// <summary><c>array.Clear();</c>: gradient outputs are overwritten, not accumulated into.</summary>
internal sealed record ClearStatement(string Array) : Statement;

/// <summary><c>return value;</c></summary>
internal sealed record ReturnStatement(Expr Value) : Statement;

/// <summary>A <c>// text</c> line that explains the generated code.</summary>
internal sealed record CommentStatement(string Text) : Statement;

/// <summary>Throws <c>ArgumentException</c> naming <paramref name="Output"/> when its length differs from <paramref name="Input"/>'s.</summary>
internal sealed record LengthCheckStatement(string Output, string Input) : Statement;

/// <summary>Throws <c>ArgumentNullException</c> naming <paramref name="Parameter"/> when it is null (array inputs).</summary>
internal sealed record NullCheckStatement(string Parameter) : Statement;
