namespace AutoDiff.Generator.IR;

/// <summary>What a value is, as far as differentiation cares.</summary>
/// <remarks>
/// Each C# integer type the IR accepts is a kind of its own, so that generated code declares, saves and converts it as
/// the user's type and keeps C#'s arithmetic (64-bit products, unsigned wrap-around, long and unsigned comparisons).
/// </remarks>
internal enum ValueKind
{
    /// <summary>A <c>double</c>: may carry a derivative.</summary>
    Real,

    /// <summary>An <c>int</c>: indices, counts, lengths; never differentiated.</summary>
    Integer,

    /// <summary>A <c>long</c>: counters and sizes; never differentiated.</summary>
    Long,

    /// <summary>A <c>uint</c>; never differentiated.</summary>
    UnsignedInteger,

    /// <summary>A <c>ulong</c>; never differentiated.</summary>
    UnsignedLong,

    /// <summary>A <c>bool</c>: conditions; never differentiated.</summary>
    Boolean,

    /// <summary>A <c>ReadOnlySpan&lt;double&gt;</c>, <c>Span&lt;double&gt;</c> or <c>double[]</c>.</summary>
    RealArray,

    /// <summary>Any other value (a receiver of a constant field read): passed through untouched.</summary>
    Object,

    /// <summary>
    /// A <c>Vector256&lt;double&gt;</c>: four consecutive iterations' values of a double, only in the lane loops the last
    /// pass adds (<see cref="Transforms.LaneLoops"/>); never differentiated.
    /// </summary>
    RealVector,
}

/// <summary>Groups of <see cref="ValueKind"/>s.</summary>
internal static class ValueKinds
{
    /// <summary>Any of the integer kinds (<c>int</c>, <c>long</c>, <c>uint</c>, <c>ulong</c>).</summary>
    public static bool IsInteger(this ValueKind kind) => kind switch
    {
        ValueKind.Integer or ValueKind.Long or ValueKind.UnsignedInteger or ValueKind.UnsignedLong => true,
        ValueKind.Real or ValueKind.Boolean or ValueKind.RealArray or ValueKind.Object or ValueKind.RealVector => false,
        _ => throw new System.ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>A value a local of the generated code can hold: a double, an integer of any kind, a bool.</summary>
    public static bool IsScalar(this ValueKind kind) => kind is ValueKind.Real or ValueKind.Boolean || kind.IsInteger();

    /// <summary>A number: a double or an integer of any kind.</summary>
    public static bool IsNumber(this ValueKind kind) => kind is ValueKind.Real || kind.IsInteger();

    /// <summary>Forms for a kind the parser may not know (null: a type the IR has no kind for).</summary>
    public static bool IsScalar(this ValueKind? kind) => kind is { } known && known.IsScalar();

    public static bool IsInteger(this ValueKind? kind) => kind is { } known && known.IsInteger();

    public static bool IsNumber(this ValueKind? kind) => kind is { } known && known.IsNumber();
}
