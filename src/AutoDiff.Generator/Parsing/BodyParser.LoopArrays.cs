using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

// Local arrays declared inside loops: 'double[] t = new double[k];' or 'Span<double> t = stackalloc double[k];' in a
// loop body, a fresh zeroed array every time the declaration runs.
internal sealed partial class BodyParser
{
    /// <summary>
    /// The array declared in a loop, lowered to statements the rest of the generator already differentiates exactly:
    /// <code>
    /// if (t.Length != k) t = new double[k];   // (or stackalloc) the first time only: k is the same in every iteration
    /// for (j = 0; j &lt; t.Length; j++) t[j] = 0;
    /// </code>
    /// Zeroing is an overwrite of every element like any other, so the reverse sweep puts back the previous
    /// iteration's values where it reads them (the tape, as for any array written in a loop) and zeroes the elements'
    /// adjoints as it goes back past the declaration: each iteration's array is its own value, and its adjoint starts
    /// from zero. One array (and one adjoint) per call instead of one per iteration: a stackalloc therefore does not
    /// grow the stack every iteration, and nothing is allocated on the heap after the first iteration.
    /// </summary>
    private IEnumerable<Statement> Redeclaration(string name, Expr length, LocalArrayKind kind)
    {
        var array = new VariableExpr(name, ValueKind.RealArray);
        yield return new IfStatement(
            new BinaryExpr(BinaryOperator.NotEqual, new LengthExpr(array), length, ValueKind.Boolean),
            new Statement[] { new ArrayCreateStatement(name, length, kind) }.ToEquatableArray(),
            EquatableArray<Statement>.Empty);
        string index = SyntheticLocal(name + "Index", ValueKind.Integer);
        yield return new AssignStatement(index, ValueKind.Integer, new LiteralExpr(0, ValueKind.Integer), Declare: false);
        yield return CountingLoop(
            index,
            new LengthExpr(array),
            new List<Statement> { new ElementAssignStatement(name, new VariableExpr(index, ValueKind.Integer), ExprFactory.Real(0.0)) });
    }

    /// <summary>
    /// The first local or parameter that <paramref name="length"/> (an array length, inside a loop) reads and that may
    /// hold another value in another iteration of the outermost loop around it, or null when the length is the same in
    /// every iteration of that loop. A local declared in the loop keeps its value when it is assigned only where it is
    /// declared, from a value that does not change; <c>.Length</c> of any array does not change (local arrays are never
    /// replaced, and one declared in a loop has a length that does not change, or is refused); an element of a local
    /// array may.
    /// </summary>
    private static string? LoopVariantRead(IOperation length)
    {
        IOperation? outermost = null;
        for (var parent = length.Parent; parent is not null and not ILocalFunctionOperation and not IAnonymousFunctionOperation; parent = parent.Parent)
        {
            if (parent is ILoopOperation)
            {
                outermost = parent;
            }
        }

        if (outermost is null)
        {
            return "the loop";
        }

        var assigned = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var declared = new Dictionary<ILocalSymbol, IVariableDeclaratorOperation>(SymbolEqualityComparer.Default);
        foreach (var operation in outermost.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator:
                    declared[declarator.Symbol] = declarator;
                    break;
                case IAssignmentOperation assignment:
                    AddWritten(assignment.Target, assigned);
                    break;
                case IIncrementOrDecrementOperation step:
                    AddWritten(step.Target, assigned);
                    break;
                case IArgumentOperation { Parameter.RefKind: not RefKind.None } byReference:
                    AddWritten(byReference.Value, assigned);
                    break;
            }
        }

        return Variant(length, assigned, declared, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default));
    }

    /// <param name="unchanging">Locals declared in the loop already found to hold the same value in every iteration.</param>
    private static string? Variant(IOperation value, HashSet<ISymbol> assigned, Dictionary<ILocalSymbol, IVariableDeclaratorOperation> declared, HashSet<ILocalSymbol> unchanging)
    {
        foreach (var operation in value.DescendantsAndSelf())
        {
            switch (operation)
            {
                case ILocalReferenceOperation when operation.Parent is IPropertyReferenceOperation { Property.Name: "Length" }:
                    // The length of a local array or span, which never changes.
                    break;
                case ILocalReferenceOperation local when local.Local.Type is IArrayTypeSymbol || local.Local.Type.IsRefLikeType:
                    // An element of a local array, which the loop may overwrite.
                    return local.Local.Name;
                case ILocalReferenceOperation local when assigned.Contains(local.Local):
                    return local.Local.Name;
                case ILocalReferenceOperation local when declared.TryGetValue(local.Local, out var declarator) && !unchanging.Contains(local.Local):
                    // C#'s definite assignment rules out a cycle through initializers.
                    if (declarator.GetVariableInitializer()?.Value is not { } initializer || Variant(initializer, assigned, declared, unchanging) is not null)
                    {
                        return local.Local.Name;
                    }

                    unchanging.Add(local.Local);
                    break;
                case IParameterReferenceOperation parameter when assigned.Contains(parameter.Parameter):
                    return parameter.Parameter.Name;
            }
        }

        return null;
    }

    /// <summary>The locals and parameters a write to <paramref name="target"/> changes (tuple targets hold several).</summary>
    private static void AddWritten(IOperation target, HashSet<ISymbol> assigned)
    {
        foreach (var operation in target.DescendantsAndSelf())
        {
            switch (operation)
            {
                case ILocalReferenceOperation local when operation == target || operation.Parent is ITupleOperation or IDeclarationExpressionOperation:
                    assigned.Add(local.Local);
                    break;
                case IParameterReferenceOperation parameter when operation == target || operation.Parent is ITupleOperation:
                    assigned.Add(parameter.Parameter);
                    break;
            }
        }
    }
}
