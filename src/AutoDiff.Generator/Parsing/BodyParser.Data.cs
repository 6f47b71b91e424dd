using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

// Structured constant data: jagged and 2-D arrays, arrays and spans of structs, of int and of float, read as data
// (never differentiated); and local 2-D double arrays, stored flat so that the reverse sweep treats them as the
// local double[] arrays they become.
internal sealed partial class BodyParser
{
    /// <summary>
    /// A local <c>double[,]</c>, stored as a <c>double[]</c> of <c>Rows * Columns</c> elements, row by row;
    /// <paramref name="ConstantColumns"/> is the column count when the declaration gives it as a constant.
    /// </summary>
    private sealed record FlatArray(string Name, string Rows, string Columns, int? ConstantColumns);

    private readonly Dictionary<ILocalSymbol, FlatArray> _flatArrays = new(SymbolEqualityComparer.Default);

    // foreach variables over constant data: each read of one is the element read itself (data[i]).
    private readonly Dictionary<ILocalSymbol, Expr> _dataLoopVariables = new(SymbolEqualityComparer.Default);

    // Locals already reported at their declaration (ADG0024): their uses are not reported again.
    private readonly HashSet<ILocalSymbol> _rejectedLocals = new(SymbolEqualityComparer.Default);

    /// <summary>
    /// Reads of constant data and of local 2-D arrays; false when <paramref name="operation"/> is neither (then
    /// <paramref name="result"/> is meaningless), otherwise <paramref name="result"/> is the read or null when reported.
    /// </summary>
    private bool TryParseData(IOperation operation, out Expr? result)
    {
        result = null;
        switch (operation)
        {
            case ILocalReferenceOperation local when _dataLoopVariables.TryGetValue(local.Local, out var element):
                result = element;
                return true;

            case ILocalReferenceOperation local when _rejectedLocals.Contains(local.Local):
                return true;

            case ILocalReferenceOperation local when _flatArrays.ContainsKey(local.Local):
                result = Unsupported(
                    DiagnosticDescriptors.UnsupportedData,
                    operation,
                    $"the 2-D local array '{local.Local.Name}' used whole",
                    "index it (a[i, j]), measure it (a.GetLength(0), a.Length) and write its elements; to pass it on, copy it into a double[] indexed [i * columns + j]");
                return true;

            case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation array, Indices.Length: 2 } element
                when _flatArrays.TryGetValue(array.Local, out var flat):
                result = FlatElement(flat, element.Indices);
                return true;

            case IArrayElementReferenceOperation element when TypeClassifier.IsDataCollection(element.ArrayReference.Type):
                result = ParseDataElement(element.ArrayReference, element.Indices, element.Type);
                return true;

            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } span, Arguments.Length: 1 } indexer
                when TypeClassifier.IsDataCollection(span.Type):
                result = ParseDataElement(span, ImmutableOf(indexer.Arguments[0].Value), indexer.Type);
                return true;

            case IPropertyReferenceOperation { Property.Name: "Length", Instance: ILocalReferenceOperation array }
                when _flatArrays.TryGetValue(array.Local, out var flat):
                result = new LengthExpr(new VariableExpr(flat.Name, ValueKind.RealArray));
                return true;

            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } collection } when TypeClassifier.IsDataCollection(collection.Type):
                result = ParseExpression(collection) is { } data ? new LengthExpr(data) : null;
                return true;

            case IInvocationOperation { TargetMethod.Name: "GetLength", Instance: { Type: IArrayTypeSymbol } array, Arguments.Length: 1 } getLength:
                result = ParseGetLength(getLength, array, getLength.Arguments[0].Value);
                return true;

            default:
                return false;
        }
    }

    private static ImmutableArray<IOperation> ImmutableOf(IOperation operation) => ImmutableArray.Create(operation);

    /// <summary><c>data[i]</c> or <c>data[i, j]</c> of constant data: a parameter, a field, or an element of either.</summary>
    private Expr? ParseDataElement(IOperation collection, ImmutableArray<IOperation> indexOperations, ITypeSymbol? elementType)
    {
        foreach (var index in indexOperations)
        {
            if (!ClassifyValue(index.Type).IsInteger())
            {
                return Unsupported(DiagnosticDescriptors.UnsupportedExpression, index, "indices must be integer expressions; convert the index to int");
            }
        }

        var operands = new List<IOperation> { collection };
        operands.AddRange(indexOperations);
        if (ParseInOrder(operands) is not { } values)
        {
            return null;
        }

        var data = values[0];
        if (data is not (VariableExpr { Kind: ValueKind.Object } or MemberExpr or DataElementExpr))
        {
            // Only what the method cannot write is data: parameters, fields and their elements.
            return Unsupported(
                DiagnosticDescriptors.UnsupportedData,
                collection,
                $"'{SourceText.OneLine(collection.Syntax)}' as constant data",
                "read elements of a parameter or field directly");
        }

        var indices = values.Skip(1).Select(AsIndex).ToEquatableArray();
        if (TypeClassifier.IsIntEnum(elementType))
        {
            // An enum element is data, read as an int.
            return new ConvertExpr(new DataElementExpr(data, indices, ValueKind.Object), ValueKind.Integer);
        }

        return new DataElementExpr(data, indices, ClassifyValue(elementType) ?? ValueKind.Object);
    }

    /// <summary>
    /// <c>a[i, j]</c> of a local 2-D array: element <c>i * columns + j</c> of its flat storage. A column index out of
    /// range gives -1, so that the read throws as C#'s does instead of reading a neighbouring row.
    /// </summary>
    private Expr? FlatElement(FlatArray flat, ImmutableArray<IOperation> indexOperations)
    {
        if (indexOperations.FirstOrDefault(i => ClassifyValue(i.Type) != ValueKind.Integer) is { } notInt)
        {
            return Unsupported(DiagnosticDescriptors.UnsupportedExpression, notInt, "indices must be int expressions; convert the index to int");
        }

        if (ParseInOrder(indexOperations) is not { } indices)
        {
            return null;
        }

        Expr row = indices[0], column = indices[1];
        var columns = new VariableExpr(flat.Columns, ValueKind.Integer);
        var rowStart = new BinaryExpr(BinaryOperator.Multiply, row, columns, ValueKind.Integer);
        Expr offset = column is LiteralExpr { Value: 0 } ? rowStart : new BinaryExpr(BinaryOperator.Add, rowStart, column, ValueKind.Integer);
        if (column is LiteralExpr { Value: var constant } && constant >= 0 && constant < flat.ConstantColumns)
        {
            // A constant column inside a constant width: in range by construction.
            return new ElementExpr(new VariableExpr(flat.Name, ValueKind.RealArray), offset);
        }

        var columnInRange = new BinaryExpr(
            BinaryOperator.And,
            new BinaryExpr(BinaryOperator.LessOrEqual, new LiteralExpr(0, ValueKind.Integer), column, ValueKind.Boolean),
            new BinaryExpr(BinaryOperator.Less, column, columns, ValueKind.Boolean),
            ValueKind.Boolean);
        var index = new ConditionalExpr(columnInRange, offset, new LiteralExpr(-1, ValueKind.Integer), ValueKind.Integer);
        return new ElementExpr(new VariableExpr(flat.Name, ValueKind.RealArray), index);
    }

    /// <summary><c>a.GetLength(d)</c>: of a local 2-D array, its row or column count; of constant data, as written.</summary>
    private Expr? ParseGetLength(IOperation invocation, IOperation array, IOperation dimension)
    {
        if (array is ILocalReferenceOperation local && _flatArrays.TryGetValue(local.Local, out var flat))
        {
            return dimension.ConstantValue is { HasValue: true, Value: int d and (0 or 1) }
                ? new VariableExpr(d == 0 ? flat.Rows : flat.Columns, ValueKind.Integer)
                : Unsupported(
                    DiagnosticDescriptors.UnsupportedData,
                    invocation,
                    $"'{SourceText.OneLine(invocation.Syntax)}'",
                    "a 2-D local array's dimension must be the constant 0 or 1");
        }

        if (!TypeClassifier.IsDataCollection(array.Type))
        {
            return Unsupported(DiagnosticDescriptors.UnsupportedExpression, invocation, "use the array's Length");
        }

        if (ParseInOrder(new[] { array, dimension }) is not { } values)
        {
            return null;
        }

        return values[1].Kind == ValueKind.Integer
            ? new DimensionLengthExpr(values[0], values[1])
            : Unsupported(DiagnosticDescriptors.UnsupportedExpression, dimension, "the dimension must be an int expression");
    }

    /// <summary>
    /// <c>double[,] a = new double[n, m]</c> (or <c>new double[,] { { ... }, ... }</c>): a heap array of n * m doubles
    /// with its row and column counts in int locals. Its elements may hold values of the inputs: they are the elements
    /// of a local double array, which both modes differentiate.
    /// </summary>
    private void ParseLocalMatrix(IVariableDeclaratorOperation declarator, ILocalSymbol local, IOperation? initializer, List<Statement> output)
    {
        if (initializer is not IArrayCreationOperation { DimensionSizes.Length: 2 } creation)
        {
            _rejectedLocals.Add(local);
            Unsupported(
                DiagnosticDescriptors.UnsupportedData,
                declarator,
                $"the 2-D local array '{local.Name}'",
                "create it where it is declared, as 'new double[n, m]' or 'new double[,] { { ... } }', and never replace it");
            return;
        }

        if (_loopDepth > 0 && creation.DimensionSizes.Select(LoopVariantRead).FirstOrDefault(read => read is not null) is { } variant)
        {
            _rejectedLocals.Add(local);
            Unsupported(
                DiagnosticDescriptors.UnsupportedData,
                declarator,
                $"the 2-D local array '{local.Name}' declared in a loop with a size that may change between iterations",
                $"its size reads '{variant}', which the loop changes; compute the size before the outermost loop, or declare the array before it with the largest size");
            return;
        }

        if (ParseInOrder(creation.DimensionSizes) is not { } sizes || sizes.Any(s => s.Kind != ValueKind.Integer))
        {
            _rejectedLocals.Add(local);
            return;
        }

        string name = UniqueName(local.Name);
        _localNames.Add(local, name);
        _locals.Add(new DeclareStatement(name, ValueKind.RealArray, LocalArrayKind.Heap));
        var flat = new FlatArray(
            name,
            SyntheticLocal(name + "Rows", ValueKind.Integer),
            SyntheticLocal(name + "Columns", ValueKind.Integer),
            sizes[1] is LiteralExpr { Value: var width } ? (int)width : null);
        _flatArrays.Add(local, flat);
        output.Add(new AssignStatement(flat.Rows, ValueKind.Integer, sizes[0], Declare: false));
        output.Add(new AssignStatement(flat.Columns, ValueKind.Integer, sizes[1], Declare: false));
        var rows = new VariableExpr(flat.Rows, ValueKind.Integer);
        var columns = new VariableExpr(flat.Columns, ValueKind.Integer);

        // C# refuses a negative dimension; the product of two negative ones, or of a negative one and 0, would not.
        var length = new ConditionalExpr(
            new BinaryExpr(
                BinaryOperator.Or,
                new BinaryExpr(BinaryOperator.Less, rows, new LiteralExpr(0, ValueKind.Integer), ValueKind.Boolean),
                new BinaryExpr(BinaryOperator.Less, columns, new LiteralExpr(0, ValueKind.Integer), ValueKind.Boolean),
                ValueKind.Boolean),
            new LiteralExpr(-1, ValueKind.Integer),
            new BinaryExpr(BinaryOperator.Multiply, rows, columns, ValueKind.Integer),
            ValueKind.Integer);
        if (_loopDepth > 0)
        {
            // A fresh zeroed array every iteration, as for a double[] declared in a loop.
            output.AddRange(Redeclaration(name, length, LocalArrayKind.Heap));
        }
        else
        {
            output.Add(new ArrayCreateStatement(name, length, LocalArrayKind.Heap));
        }

        if (creation.Initializer is not { } rowsInitializer)
        {
            return;
        }

        for (int i = 0; i < rowsInitializer.ElementValues.Length; i++)
        {
            if (rowsInitializer.ElementValues[i] is not IArrayInitializerOperation row)
            {
                continue;
            }

            for (int j = 0; j < row.ElementValues.Length; j++)
            {
                if (ParseExpression(row.ElementValues[j]) is { } value)
                {
                    var index = new BinaryExpr(
                        BinaryOperator.Add,
                        new BinaryExpr(BinaryOperator.Multiply, new LiteralExpr(i, ValueKind.Integer), columns, ValueKind.Integer),
                        new LiteralExpr(j, ValueKind.Integer),
                        ValueKind.Integer);
                    output.Add(new ElementAssignStatement(name, index, value));
                }
            }
        }
    }

    /// <summary>
    /// A local that would hold structured data (a <c>double[][]</c>, an <c>Observation[]</c>, a <c>float[]</c>, a
    /// struct copied out of data): refused at its declaration (ADG0024), since its elements could be given values of
    /// the inputs that the IR cannot differentiate; null when <paramref name="local"/> is not such a local.
    /// </summary>
    private string? DataLocalFix(ILocalSymbol local, IOperation? initializer)
    {
        if (TypeClassifier.IsDataCollection(local.Type) && initializer is not null
            && WithoutConversion(initializer) is IParameterReferenceOperation or IFieldReferenceOperation)
        {
            return $"read '{SourceText.OneLine(initializer.Syntax)}' itself instead of a local that names it";
        }

        if (local.Type is IArrayTypeSymbol { ElementType: IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Double } })
        {
            return "use a 2-D local array 'new double[n, m]' (or a double[] indexed [i * m + j]), whose elements can hold values of the inputs";
        }

        if (TypeClassifier.IsDataCollection(local.Type))
        {
            return "read the elements of the parameter or field itself, or copy the values you need into a double[] local";
        }

        if (initializer is not null && WithoutConversion(initializer) is IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true }
            && ClassifyValue(local.Type) is null)
        {
            return "read its fields through the data itself ('data[i].X') instead of copying the element into a local";
        }

        return null;
    }

    private static IOperation WithoutConversion(IOperation operation) =>
        operation is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : operation;

    /// <summary>
    /// <c>foreach (var o in data)</c> over constant data (not a double array): a counting loop whose variable is the
    /// element read <c>data[i]</c> wherever the body reads it. False when <paramref name="loop"/> is not over data.
    /// </summary>
    private bool TryParseForEachOverData(IForEachLoopOperation loop, IOperation collection, List<Statement> output)
    {
        if (!TypeClassifier.IsDataCollection(collection.Type)
            || loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: var variable })
        {
            return false;
        }

        var elementType = collection.Type switch
        {
            IArrayTypeSymbol { Rank: 1 } array => array.ElementType,
            INamedTypeSymbol { TypeArguments.Length: 1 } span => span.TypeArguments[0],
            _ => null,
        };
        if (elementType is null)
        {
            Unsupported(
                DiagnosticDescriptors.UnsupportedData,
                loop,
                "foreach over a multi-dimensional array",
                "loop over the indices with for, up to a.GetLength(0) and a.GetLength(1)");
            return true;
        }

        if (ParseExpression(collection) is not { } data)
        {
            return true;
        }

        string index = SyntheticLocal("i", ValueKind.Integer);
        var indexExpr = new VariableExpr(index, ValueKind.Integer);
        Expr element = TypeClassifier.IsIntEnum(elementType)
            ? new ConvertExpr(new DataElementExpr(data, new Expr[] { indexExpr }.ToEquatableArray(), ValueKind.Object), ValueKind.Integer)
            : new DataElementExpr(data, new Expr[] { indexExpr }.ToEquatableArray(), ClassifyValue(elementType) ?? ValueKind.Object);
        if (!SymbolEqualityComparer.Default.Equals(variable.Type, elementType))
        {
            // foreach (double v in counts) converts each int (or float) element to double.
            if (variable.Type.SpecialType != SpecialType.System_Double
                || !(element.Kind.IsInteger() || TypeClassifier.IsOtherNumber(elementType)))
            {
                Unsupported(
                    DiagnosticDescriptors.UnsupportedData,
                    loop,
                    $"foreach with a '{variable.Type.ToDisplayString()}' variable over '{elementType.ToDisplayString()}' elements",
                    "declare the loop variable with the element type (var), or as double for numbers");
                return true;
            }

            element = new ConvertExpr(element, ValueKind.Real);
        }

        _dataLoopVariables.Add(variable, element);
        output.Add(new AssignStatement(index, ValueKind.Integer, new LiteralExpr(0, ValueKind.Integer), Declare: false));
        var body = new List<Statement>();
        _loopDepth++;
        ParseStatement(loop.Body, body);
        _loopDepth--;
        output.Add(CountingLoop(index, new LengthExpr(data), body));
        return true;
    }

    /// <summary>
    /// An assignment target inside constant data (an element of a jagged, 2-D, struct, int or float array or span
    /// parameter or field, or a field of such an element, or of a foreach variable over data), which the caller reports
    /// as ADG0023.
    /// </summary>
    private bool IsDataTarget(IOperation target)
    {
        bool throughData = false;
        var current = target;
        while (true)
        {
            switch (current)
            {
                case IArrayElementReferenceOperation element:
                    throughData |= TypeClassifier.IsDataCollection(element.ArrayReference.Type);
                    current = element.ArrayReference;
                    break;
                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } span }:
                    throughData |= TypeClassifier.IsDataCollection(span.Type);
                    current = span;
                    break;
                case IFieldReferenceOperation { Instance: { } instance }:
                    current = instance;
                    break;
                case IPropertyReferenceOperation { Instance: { } instance }:
                    current = instance;
                    break;
                case ILocalReferenceOperation local:
                    // Locals hold no constant data, except a foreach variable over it (C# itself refuses writing that one).
                    return _dataLoopVariables.ContainsKey(local.Local);
                default:
                    return throughData;
            }
        }
    }

    /// <summary>Whether <paramref name="target"/> writes into a local already reported at its declaration (ADG0024).</summary>
    private bool IsInRejectedLocal(IOperation target)
    {
        for (var current = target; ;)
        {
            switch (current)
            {
                case IArrayElementReferenceOperation element:
                    current = element.ArrayReference;
                    break;
                case IPropertyReferenceOperation { Instance: { } instance }:
                    current = instance;
                    break;
                case IFieldReferenceOperation { Instance: { } instance }:
                    current = instance;
                    break;
                case ILocalReferenceOperation local:
                    return _rejectedLocals.Contains(local.Local);
                default:
                    return false;
            }
        }
    }
}
