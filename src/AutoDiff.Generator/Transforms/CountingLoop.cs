using AutoDiff.Generator.IR;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// The loop shape the vector passes (<see cref="Vectorization"/>, <see cref="GatherForm"/>, <see cref="LaneLoops"/>) start
/// from: a counting loop whose index goes up by one, <c>while (i &lt; bound) { ...; i = i + 1; }</c>.
/// </summary>
internal static class CountingLoop
{
    /// <summary>Whether <paramref name="loop"/> tests first and adds 1 to its counting index, and nothing else, after each iteration.</summary>
    public static bool CountsUpByOne(LoopStatement loop) =>
        loop is { Index: { } index, Step: 1, TestFirst: true }
        && loop.Increment.Count == 1
        && loop.Increment[0] is AssignStatement { Target: var incremented, Value: BinaryExpr { Operator: BinaryOperator.Add, Left: VariableExpr { Name: var from }, Right: LiteralExpr { Value: 1 } } }
        && incremented == index
        && from == index;

    /// <summary>The bound of such a loop when it runs while <c>index &lt; bound</c>; null for any other loop.</summary>
    public static Expr? UpperBound(LoopStatement loop) =>
        CountsUpByOne(loop) && loop.Condition is BinaryExpr { Operator: BinaryOperator.Less, Left: VariableExpr { Name: var tested }, Right: var bound } && tested == loop.Index
            ? bound
            : null;
}
