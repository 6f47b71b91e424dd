namespace AutoDiff.Generator.IR;

/// <summary>What a value is, as far as differentiation cares.</summary>
internal enum ValueKind
{
    /// <summary>A <c>double</c>: may carry a derivative.</summary>
    Real,

    /// <summary>An <c>int</c>: indices, counts, lengths; never differentiated.</summary>
    Integer,

    /// <summary>A <c>bool</c>: conditions; never differentiated.</summary>
    Boolean,

    /// <summary>A <c>ReadOnlySpan&lt;double&gt;</c>, <c>Span&lt;double&gt;</c> or <c>double[]</c>.</summary>
    RealArray,

    /// <summary>Any other value (a receiver of a constant field read): passed through untouched.</summary>
    Object,
}
