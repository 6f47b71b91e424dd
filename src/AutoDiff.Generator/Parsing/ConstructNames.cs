using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// How diagnostics name the code they refuse: by the kind of construct, as a C# user would say it (<c>'switch'
/// statement</c>, <c>lambda</c>, <c>LINQ call 'Sum'</c>, <c>operator '*' on 'float' values</c>), never by an
/// IOperation kind and never by quoting more than one line of source. For constructs refused whatever they contain
/// there is also the fix to suggest.
/// </summary>
internal static class ConstructNames
{
    /// <summary>A noun phrase naming <paramref name="operation"/>; always one line.</summary>
    public static string Describe(IOperation operation) => operation switch
    {
        IExpressionStatementOperation { Operation: var expression } => Describe(expression),
        ISwitchOperation => "'switch' statement",
        ISwitchExpressionOperation => "'switch' expression",
        ILocalFunctionOperation local => $"local function '{local.Symbol.Name}'",
        IAnonymousFunctionOperation or IDelegateCreationOperation { Target: IAnonymousFunctionOperation } => "lambda",
        IDelegateCreationOperation => "delegate",
        IVariableDeclaratorOperation declarator when IsLambda(InitializerOf(declarator)) => $"lambda assigned to local '{declarator.Symbol.Name}'",
        IVariableDeclaratorOperation declarator => $"local '{declarator.Symbol.Name}' of type '{declarator.Symbol.Type.ToDisplayString()}'",
        ITranslatedQueryOperation => "LINQ query",
        IInvocationOperation invocation when IsLinq(invocation.TargetMethod) => $"LINQ call '{invocation.TargetMethod.Name}'",
        IInvocationOperation invocation when IsSlice(invocation) => $"slice '{invocation.TargetMethod.Name}(...)'",
        IInvocationOperation { TargetMethod.MethodKind: MethodKind.LocalFunction } invocation => $"call of local function '{invocation.TargetMethod.Name}'",
        IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke } invocation => $"call of delegate '{SourceText.OneLine(invocation.Instance?.Syntax ?? invocation.Syntax)}'",
        IInvocationOperation invocation => $"call to '{invocation.TargetMethod.ContainingType.Name}.{invocation.TargetMethod.Name}'",
        IImplicitIndexerReferenceOperation or IRangeOperation => "range slice '[a..b]'",
        ITryOperation => "'try' statement",
        IBranchOperation { BranchKind: BranchKind.GoTo } => "'goto' statement",
        IBranchOperation { BranchKind: BranchKind.Break } => "'break' outside a loop",
        IBranchOperation { BranchKind: BranchKind.Continue } => "'continue' outside a loop",
        ILabeledOperation => "label",
        ILockOperation => "'lock' statement",
        IUsingOperation or IUsingDeclarationOperation => "'using' statement",
        IThrowOperation => "'throw'",
        IDeconstructionAssignmentOperation => "tuple deconstruction",
        ITupleOperation => "tuple",
        IIsPatternOperation or IIsTypeOperation => "'is' test",
        ICoalesceOperation or ICoalesceAssignmentOperation => "'??' operator",
        IConditionalAccessOperation => "'?.' access",
        IInterpolatedStringOperation => "interpolated string",
        IAwaitOperation => "'await'",
        IObjectCreationOperation creation => $"'new {creation.Type?.Name}(...)'",
        IArrayCreationOperation => "array creation",
        IBinaryOperation { OperatorMethod: { } method } binary => $"user-defined operator '{BinaryOperatorText(binary.OperatorKind)}' of '{method.ContainingType.Name}'",
        IBinaryOperation binary => $"operator '{BinaryOperatorText(binary.OperatorKind)}' on '{TypeName(binary.LeftOperand.Type)}' values",
        IUnaryOperation { OperatorMethod: { } method } unary => $"user-defined operator '{UnaryOperatorText(unary.OperatorKind)}' of '{method.ContainingType.Name}'",
        IUnaryOperation unary => $"operator '{UnaryOperatorText(unary.OperatorKind)}' on '{TypeName(unary.Operand.Type)}' values",
        ICompoundAssignmentOperation compound => $"compound assignment '{BinaryOperatorText(compound.OperatorKind)}=' on '{TypeName(compound.Target.Type)}' values",
        IConversionOperation conversion => $"conversion from '{TypeName(conversion.Operand.Type)}' to '{TypeName(conversion.Type)}'",
        IParameterReferenceOperation parameter => $"parameter '{parameter.Parameter.Name}'",
        ILocalReferenceOperation local => $"local '{local.Local.Name}'",
        IFieldReferenceOperation field => $"field '{field.Field.Name}'",
        IPropertyReferenceOperation { Property.IsIndexer: false } property => $"property '{property.Property.Name}'",
        IArrayElementReferenceOperation or IPropertyReferenceOperation => $"element '{SourceText.OneLine(operation.Syntax)}'",
        ILiteralOperation => $"constant '{SourceText.OneLine(operation.Syntax)}' of type '{TypeName(operation.Type)}'",
        _ => (operation.Syntax is StatementSyntax ? "statement '" : "expression '") + SourceText.OneLine(operation.Syntax) + "'",
    };

    /// <summary>The fix for a construct that is refused whatever it contains, or null where the caller knows better.</summary>
    public static string? Fix(IOperation operation) => operation switch
    {
        IExpressionStatementOperation { Operation: var expression } => Fix(expression),
        ISwitchOperation => "use if/else",
        ISwitchExpressionOperation => "use ?: or if/else",
        IAnonymousFunctionOperation or IDelegateCreationOperation => "write a static local function or a method and call it, or a for loop",
        ITranslatedQueryOperation => "write a for loop over the elements",
        IInvocationOperation invocation when IsLinq(invocation.TargetMethod) => "write a for loop over the elements",
        IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke } => "write a static local function or a method and call it",
        IInvocationOperation invocation when IsSlice(invocation) => SliceFix,
        IImplicitIndexerReferenceOperation or IRangeOperation => SliceFix,
        ITryOperation or ILockOperation or IUsingOperation or IUsingDeclarationOperation => "move it to the caller; keep the [Differentiable] method to the computation",
        IBranchOperation { BranchKind: BranchKind.GoTo } or ILabeledOperation => "use loops with break and continue, or if/else",
        IThrowOperation => "check the arguments in the caller",
        IDeconstructionAssignmentOperation or ITupleOperation => "assign each value to its own local",
        IIsPatternOperation or IIsTypeOperation => "compare with ==, <, > instead",
        ICoalesceOperation or ICoalesceAssignmentOperation or IConditionalAccessOperation => "use ?: with an explicit null test outside the method",
        IInterpolatedStringOperation => "remove it; strings have no derivative",
        IAwaitOperation => "await in the caller and pass the result",
        _ => null,
    };

    private const string SliceFix = "pass a slice only as an argument, straight to a ReadOnlySpan<double> parameter of a [Differentiable] method (G(x.Slice(i, n))), or index the span itself (x[i + k])";

    /// <summary>An <c>Enumerable</c> (LINQ to objects) or <c>MemoryExtensions</c>-style sequence call.</summary>
    public static bool IsLinq(IMethodSymbol method) =>
        method.ContainingType is { Name: "Enumerable" or "Queryable" or "ParallelEnumerable" } type
        && type.ContainingNamespace?.ToDisplayString() == "System.Linq";

    /// <summary><c>x.Slice(...)</c>, <c>a.AsSpan(...)</c>, <c>a.AsMemory(...)</c> on a double array or span.</summary>
    public static bool IsSlice(IInvocationOperation invocation) =>
        invocation.TargetMethod.Name is "Slice" or "AsSpan" or "AsMemory"
        && (TypeClassifier.Classify(invocation.Type) == IR.ValueKind.RealArray
            || invocation.Type is INamedTypeSymbol { Name: "Memory" or "ReadOnlyMemory" });

    private static IOperation? InitializerOf(IVariableDeclaratorOperation declarator) =>
        declarator.Initializer?.Value ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer?.Value;

    /// <summary>A lambda, possibly converted to a delegate type (the initializer of <c>Func&lt;double, double&gt; f = t =&gt; t * t</c>).</summary>
    public static bool IsLambda(IOperation? operation) => LambdaOf(operation) is not null;

    /// <summary>The lambda <paramref name="operation"/> is, through a delegate creation or conversion, or null.</summary>
    public static IAnonymousFunctionOperation? LambdaOf(IOperation? operation) => operation switch
    {
        IAnonymousFunctionOperation lambda => lambda,
        IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda,
        IConversionOperation conversion => LambdaOf(conversion.Operand),
        IVariableInitializerOperation initializer => LambdaOf(initializer.Value),
        _ => null,
    };

    private static string TypeName(ITypeSymbol? type) => type?.ToDisplayString() ?? "null";

    /// <summary>The C# spelling of a binary operator.</summary>
    public static string BinaryOperatorText(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => "+",
        BinaryOperatorKind.Subtract => "-",
        BinaryOperatorKind.Multiply => "*",
        BinaryOperatorKind.Divide => "/",
        BinaryOperatorKind.Remainder => "%",
        BinaryOperatorKind.LeftShift => "<<",
        BinaryOperatorKind.RightShift => ">>",
        BinaryOperatorKind.UnsignedRightShift => ">>>",
        BinaryOperatorKind.And => "&",
        BinaryOperatorKind.Or => "|",
        BinaryOperatorKind.ExclusiveOr => "^",
        BinaryOperatorKind.ConditionalAnd => "&&",
        BinaryOperatorKind.ConditionalOr => "||",
        BinaryOperatorKind.Equals or BinaryOperatorKind.ObjectValueEquals => "==",
        BinaryOperatorKind.NotEquals or BinaryOperatorKind.ObjectValueNotEquals => "!=",
        BinaryOperatorKind.LessThan => "<",
        BinaryOperatorKind.LessThanOrEqual => "<=",
        BinaryOperatorKind.GreaterThan => ">",
        BinaryOperatorKind.GreaterThanOrEqual => ">=",
        _ => "?",
    };

    /// <summary>The C# spelling of a unary operator.</summary>
    public static string UnaryOperatorText(UnaryOperatorKind kind) => kind switch
    {
        UnaryOperatorKind.BitwiseNegation => "~",
        UnaryOperatorKind.Not => "!",
        UnaryOperatorKind.Plus => "+",
        UnaryOperatorKind.Minus => "-",
        UnaryOperatorKind.True => "true",
        UnaryOperatorKind.False => "false",
        UnaryOperatorKind.Hat => "^",
        _ => "?",
    };
}
