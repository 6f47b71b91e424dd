using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Lowers the <see cref="IOperation"/> tree of a method body (already bound and typed by the compiler) into the IR.
/// Anything outside the supported subset is reported with the exact span of the offending node and skipped, so
/// that one pass reports every problem.
/// </summary>
internal sealed class BodyParser
{
    private readonly Dictionary<string, ParameterModel> _parameters;
    private readonly HashSet<string> _reservedNames;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;

    // Locals keep their written name unless another local of the same name (in a sibling block) already has it.
    private readonly Dictionary<ILocalSymbol, string> _localNames = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _usedLocalNames = new(StringComparer.Ordinal);
    private readonly List<DeclareStatement> _locals = new();
    private readonly CallResolver _calls;
    private readonly int _firstLine;

    // The vector output a void method writes (the only parameter whose elements may be assigned), or null.
    private readonly string? _output;

    // Scalar parameters the body assigns, and the local each is copied into (see CopyWrittenParameters).
    private readonly Dictionary<string, string> _parameterCopies = new(StringComparer.Ordinal);

    // Where statements that compute part of a long operator chain go (before the current statement), or null.
    private List<Statement>? _hoistTarget;

    // Real arguments passed to [Constant] parameters, checked once the whole body is known (AD0015).
    private readonly List<(Expr Argument, SyntaxNode Syntax, string Callee, string Parameter)> _constantArguments = new();
    private int _loopDepth;

    /// <param name="firstLine">The method declaration's first line (0-based), which source-line comments count from.</param>
    public BodyParser(
        int firstLine,
        EquatableArray<ParameterModel> parameters,
        HashSet<string> reservedNames,
        CallResolver calls,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        _firstLine = firstLine;
        _calls = calls;
        _parameters = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _output = parameters.FirstOrDefault(p => p.Role == ParameterRole.Output)?.Name;
        _reservedNames = reservedNames;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Every local of the method (user locals and the parser's own), to be declared at the top.</summary>
    public EquatableArray<DeclareStatement> Locals => _locals.ToEquatableArray();

    public EquatableArray<Statement> ParseMethodBody(IOperation operation)
    {
        var statements = new List<Statement>();
        CopyWrittenParameters(operation, statements);
        switch (operation)
        {
            case IMethodBodyOperation { BlockBody: { } block }:
                ParseStatement(block, statements);
                break;
            case IMethodBodyOperation { ExpressionBody: { } expressionBody }:
                ParseStatement(expressionBody, statements);
                break;
            default:
                ParseStatement(operation, statements);
                break;
        }

        if (_output is not null && EndPointIsReachable(operation))
        {
            // A void method's end is its last exit: every exit returns 0, the value of a method whose result is its output.
            statements.Add(new ReturnStatement(new LiteralExpr(0, ValueKind.Real)));
        }

        ReportActiveConstantArguments(statements);
        return statements.ToEquatableArray();
    }

    /// <summary>
    /// C# parameters are locals: a <c>double</c>, <c>int</c> or <c>bool</c> parameter the body assigns
    /// (<c>x = Math.Max(x, 0)</c>, <c>n--</c>) is copied into a local of its own at the top, and the body reads and
    /// writes the copy. The parameter itself stays the input the derivatives are taken with respect to.
    /// </summary>
    private void CopyWrittenParameters(IOperation body, List<Statement> output)
    {
        var written = body.Descendants()
            .Select(o => o switch
            {
                ISimpleAssignmentOperation assignment => assignment.Target,
                ICompoundAssignmentOperation compound => compound.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                _ => null,
            })
            .OfType<IParameterReferenceOperation>()
            .Select(p => p.Parameter)
            .Where(p => p.RefKind == RefKind.None && TypeClassifier.Classify(p.Type) is ValueKind.Real or ValueKind.Integer or ValueKind.Boolean)
            .Distinct<IParameterSymbol>(SymbolEqualityComparer.Default)
            .OrderBy(p => p.Ordinal);
        foreach (var parameter in written)
        {
            var kind = TypeClassifier.Classify(parameter.Type)!.Value;
            string name = parameter.Name + "Value";
            for (int suffix = 1; _reservedNames.Contains(name) || _usedLocalNames.Contains(name); suffix++)
            {
                name = parameter.Name + "Value_" + suffix;
            }

            _usedLocalNames.Add(name);
            _reservedNames.Add(name);
            _locals.Add(new DeclareStatement(name, kind));
            _parameterCopies.Add(parameter.Name, name);
            output.Add(new AssignStatement(name, kind, new VariableExpr(parameter.Name, kind), Declare: false));
        }
    }

    /// <summary>Whether control can reach the end of a method's body (not when every path ends in a return).</summary>
    private static bool EndPointIsReachable(IOperation operation) =>
        operation is not IMethodBodyOperation { BlockBody: { Syntax: BlockSyntax block } body }
        || body.SemanticModel?.AnalyzeControlFlow(block) is not { Succeeded: true } flow
        || flow.EndPointIsReachable;

    /// <summary>
    /// A value that depends on a differentiable input, passed to a callee's <c>[Constant]</c> parameter, would have its
    /// derivative dropped silently: an error at the argument (AD0015). The analysis is flow-insensitive, so a local
    /// that is given an input-dependent value anywhere counts as dependent everywhere.
    /// </summary>
    private void ReportActiveConstantArguments(IReadOnlyList<Statement> body)
    {
        if (_constantArguments.Count == 0)
        {
            return;
        }

        var varied = Activity.VariedVariables(body, _parameters.Values.Where(p => p.Role == ParameterRole.Differentiable).Select(p => p.Name));
        foreach (var (argument, syntax, callee, parameter) in _constantArguments)
        {
            if (Activity.IsVaried(argument, varied))
            {
                _diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ActiveArgumentToConstantParameter, syntax.GetLocation(), SourceText.OneLine(syntax), parameter, callee));
            }
        }
    }

    private void ParseStatement(IOperation operation, List<Statement> output, bool withSourceComment = true)
    {
        // Expressions evaluated once, right before the statement (not a loop's condition), may move parts of a very
        // long operator chain into statements placed before it (see ParseBinary).
        var outerHoistTarget = _hoistTarget;
        _hoistTarget = operation is IVariableDeclarationGroupOperation or IExpressionStatementOperation or IReturnOperation or IConditionalOperation
            ? output
            : null;
        try
        {
            ParseStatementInContext(operation, output, withSourceComment);
        }
        finally
        {
            _hoistTarget = outerHoistTarget;
        }
    }

    private void ParseStatementInContext(IOperation operation, List<Statement> output, bool withSourceComment)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (withSourceComment && operation is not (IBlockOperation or IEmptyOperation))
        {
            // Generated code points back to the line of source each block comes from.
            output.Add(SourceComment(operation.Syntax));
        }

        switch (operation)
        {
            case IBlockOperation block:
                foreach (var child in block.Operations)
                {
                    ParseStatement(child, output);
                }

                break;

            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        ParseDeclarator(declarator, declarator.Initializer?.Value ?? declaration.Initializer?.Value, output);
                    }
                }

                break;

            case IExpressionStatementOperation { Operation: var expression }:
                ParseExpressionStatement(expression, output);
                break;

            case IReturnOperation { ReturnedValue: { } value }:
                if (ParseExpression(value) is { } returned)
                {
                    output.Add(new ReturnStatement(returned));
                }

                break;

            case IReturnOperation { ReturnedValue: null } when _output is not null:
                output.Add(new ReturnStatement(new LiteralExpr(0, ValueKind.Real)));
                break;

            case IEmptyOperation:
                break;

            case IConditionalOperation conditional:
                ParseIf(conditional, output);
                break;

            case IForLoopOperation forLoop:
                ParseFor(forLoop, output);
                break;

            case IWhileLoopOperation whileLoop when !whileLoop.ConditionIsUntil:
                ParseLoop(whileLoop.Condition, whileLoop.ConditionIsTop, whileLoop.Body, EquatableArray<Statement>.Empty, null, 0, output);
                break;

            case IForEachLoopOperation forEach:
                ParseForEach(forEach, output);
                break;

            case IBranchOperation { BranchKind: BranchKind.Break } when _loopDepth > 0:
                output.Add(new BreakStatement());
                break;

            case IBranchOperation { BranchKind: BranchKind.Continue } when _loopDepth > 0:
                output.Add(new ContinueStatement());
                break;

            default:
                Unsupported(
                    DiagnosticDescriptors.UnsupportedStatement,
                    operation,
                    "supported statements are local declarations, assignments, if/else, for, foreach, while, do, break, continue and return");
                break;
        }
    }

    /// <summary>
    /// The comment heading a statement's code: its first line, shortened, and its line counted from the method's first
    /// line (the emitter makes it absolute, so a method that moves keeps its model).
    /// </summary>
    private CommentStatement SourceComment(SyntaxNode syntax) =>
        new(SourceText.FirstLine(syntax.ToString()), syntax.GetLocation().GetLineSpan().StartLinePosition.Line - _firstLine);

    private void ParseIf(IConditionalOperation conditional, List<Statement> output)
    {
        var condition = ParseCondition(conditional.Condition);
        var whenTrue = new List<Statement>();
        ParseStatement(conditional.WhenTrue, whenTrue);
        var whenFalse = new List<Statement>();
        if (conditional.WhenFalse is { } otherwise)
        {
            ParseStatement(otherwise, whenFalse);
        }

        if (condition is not null)
        {
            output.Add(new IfStatement(condition, whenTrue.ToEquatableArray(), whenFalse.ToEquatableArray()));
        }
    }

    private Expr? ParseCondition(IOperation? condition)
    {
        if (condition is null)
        {
            return new LiteralExpr(1, ValueKind.Boolean);
        }

        var parsed = ParseExpression(condition);
        return parsed is null || parsed.Kind == ValueKind.Boolean
            ? parsed
            : Unsupported(DiagnosticDescriptors.UnsupportedExpression, condition, "a condition must be a bool expression");
    }

    private void ParseFor(IForLoopOperation loop, List<Statement> output)
    {
        // The loop's own comment covers its initializer and increment (and keeps the increment one statement, which
        // the counting-loop test below relies on).
        foreach (var before in loop.Before)
        {
            ParseStatement(before, output, withSourceComment: false);
        }

        var increment = new List<Statement>();
        _loopDepth++;
        foreach (var atBottom in loop.AtLoopBottom)
        {
            ParseStatement(atBottom, increment, withSourceComment: false);
        }

        _loopDepth--;

        // A counting loop, for (int i = a; ...; i += step) with i assigned nowhere else, is common enough to earn a
        // cheaper reverse: the counter is recomputed from its start value instead of being saved every iteration.
        string? index = null;
        int step = 0;
        if (loop.Before.Length == 1
            && loop.Before[0] is IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
            && group.Declarations[0].Declarators.Length == 1
            && group.Declarations[0].Declarators[0].Symbol is { Type.SpecialType: SpecialType.System_Int32 } counterSymbol
            && increment.Count == 1
            && increment[0] is AssignStatement { Value: BinaryExpr { Left: VariableExpr counter, Right: LiteralExpr { Value: var amount } } increase } only
            && counter.Name == only.Target && only.Target == LocalName(counterSymbol)
            && increase.Operator is BinaryOperator.Add or BinaryOperator.Subtract)
        {
            index = only.Target;
            step = (int)(increase.Operator == BinaryOperator.Add ? amount : -amount);
        }

        ParseLoop(loop.Condition, testFirst: true, loop.Body, increment.ToEquatableArray(), index, step, output);
    }

    private void ParseForEach(IForEachLoopOperation loop, List<Statement> output)
    {
        if (loop.LoopControlVariable is IVariableDeclaratorOperation { Symbol.RefKind: not RefKind.None })
        {
            Unsupported(DiagnosticDescriptors.UnsupportedStatement, loop, "foreach with a ref loop variable is not supported; loop over indices and write the elements themselves");
            return;
        }

        var collection = loop.Collection is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : loop.Collection;
        if (loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { Type.SpecialType: SpecialType.System_Double } element }
            || TypeClassifier.Classify(collection.Type) != ValueKind.RealArray
            || ParseExpression(collection) is not { } array)
        {
            Unsupported(DiagnosticDescriptors.UnsupportedStatement, loop, "foreach is supported over spans and arrays of double, with a double loop variable");
            return;
        }

        // foreach (double v in a) body  ==  for (int i = 0; i < a.Length; i++) { double v = a[i]; body }
        string index = SyntheticLocal("i", ValueKind.Integer);
        var indexExpr = new VariableExpr(index, ValueKind.Integer);
        output.Add(new AssignStatement(index, ValueKind.Integer, new LiteralExpr(0, ValueKind.Integer), Declare: false));
        var body = new List<Statement>
        {
            new AssignStatement(LocalName(element), ValueKind.Real, new ElementExpr(array, indexExpr), Declare: false),
        };
        _loopDepth++;
        ParseStatement(loop.Body, body);
        _loopDepth--;
        var condition = new BinaryExpr(BinaryOperator.Less, indexExpr, new LengthExpr(array), ValueKind.Boolean);
        var increment = new AssignStatement(
            index,
            ValueKind.Integer,
            new BinaryExpr(BinaryOperator.Add, indexExpr, new LiteralExpr(1, ValueKind.Integer), ValueKind.Integer),
            Declare: false);
        output.Add(new LoopStatement(condition, TestFirst: true, body.ToEquatableArray(), new Statement[] { increment }.ToEquatableArray(), index, 1));
    }

    private void ParseLoop(
        IOperation? conditionOperation,
        bool testFirst,
        IOperation bodyOperation,
        EquatableArray<Statement> increment,
        string? index,
        int step,
        List<Statement> output)
    {
        var condition = ParseCondition(conditionOperation);
        var body = new List<Statement>();
        _loopDepth++;
        ParseStatement(bodyOperation, body);
        _loopDepth--;
        if (index is not null && AssignsAnywhere(body, index))
        {
            index = null;
            step = 0;
        }

        if (condition is not null)
        {
            output.Add(new LoopStatement(condition, testFirst, body.ToEquatableArray(), increment, index, step));
        }
    }

    private static bool AssignsAnywhere(IEnumerable<Statement> statements, string name) => statements.Any(statement => statement switch
    {
        AssignStatement assign => assign.Target == name,
        IfStatement conditional => AssignsAnywhere(conditional.Then, name) || AssignsAnywhere(conditional.Else, name),
        LoopStatement loop => AssignsAnywhere(loop.Body, name) || AssignsAnywhere(loop.Increment, name),
        _ => false,
    });

    private void ParseDeclarator(IVariableDeclaratorOperation declarator, IOperation? initializer, List<Statement> output)
    {
        var local = declarator.Symbol;
        if (local.RefKind != RefKind.None)
        {
            // 'ref double r = ref a[i]' makes r a second name for a[i]; the IR has no aliases, so it is refused.
            Unsupported(DiagnosticDescriptors.UnsupportedStatement, declarator, "ref locals are not supported; read the element into a local, and write the element itself");
            return;
        }

        if (local.IsConst)
        {
            // Every read of a const local is already folded to its value by the compiler.
            return;
        }

        var kind = TypeClassifier.Classify(local.Type);
        if (kind == ValueKind.RealArray)
        {
            ParseLocalArray(declarator, local, initializer, output);
            return;
        }

        if (kind is not (ValueKind.Real or ValueKind.Integer or ValueKind.Boolean))
        {
            Unsupported(
                DiagnosticDescriptors.UnsupportedStatement,
                declarator,
                $"locals of type '{local.Type.ToDisplayString()}' are not supported; use double, int or bool locals, or double arrays");
            return;
        }

        string name = LocalName(local);
        if (initializer is not null && ParseExpression(initializer) is { } value)
        {
            output.Add(new AssignStatement(name, kind.Value, value, Declare: false));
        }
    }

    /// <summary><c>double[] a = new double[n]</c>, <c>new double[] { ... }</c> or <c>Span&lt;double&gt; a = stackalloc double[n]</c>.</summary>
    private void ParseLocalArray(IVariableDeclaratorOperation declarator, ILocalSymbol local, IOperation? initializer, List<Statement> output)
    {
        const string Shapes = "a local array must be created where it is declared, as 'new double[n]', 'new double[] { ... }' or 'stackalloc double[n]'";
        if (_loopDepth > 0)
        {
            Unsupported(DiagnosticDescriptors.UnsupportedStatement, declarator, "declare local arrays outside loops (their adjoints are allocated once per call)");
            return;
        }

        bool isSpan = TypeClassifier.IsSpanOfDouble(local.Type, readOnly: false);
        if (!isSpan && !TypeClassifier.IsDoubleArray(local.Type))
        {
            Unsupported(DiagnosticDescriptors.UnsupportedStatement, declarator, "local arrays must be double[] or Span<double>");
            return;
        }

        IOperation? lengthOperation = null;
        IArrayInitializerOperation? elements = null;
        var kind = LocalArrayKind.Heap;
        switch (initializer)
        {
            case IArrayCreationOperation { DimensionSizes.Length: 1 } creation:
                lengthOperation = creation.DimensionSizes[0];
                elements = creation.Initializer;
                break;
            case IConversionOperation { Operand: IArrayCreationOperation { DimensionSizes.Length: 1 } spanCreation }:
                lengthOperation = spanCreation.DimensionSizes[0];
                elements = spanCreation.Initializer;
                break;
            case { Syntax: Microsoft.CodeAnalysis.CSharp.Syntax.StackAllocArrayCreationExpressionSyntax } stackAlloc
                when stackAlloc.ChildOperations.Count == 1:
                lengthOperation = stackAlloc.ChildOperations.First();
                kind = LocalArrayKind.Stack;
                break;
        }

        if (lengthOperation is null || ParseExpression(lengthOperation) is not { Kind: ValueKind.Integer } length)
        {
            Unsupported(DiagnosticDescriptors.UnsupportedStatement, declarator, Shapes);
            return;
        }

        string name = LocalName(local, LocalArrayKind: kind);
        output.Add(new ArrayCreateStatement(name, length, kind));
        if (elements is null)
        {
            return;
        }

        for (int i = 0; i < elements.ElementValues.Length; i++)
        {
            if (ParseExpression(elements.ElementValues[i]) is { } element)
            {
                output.Add(new ElementAssignStatement(name, new LiteralExpr(i, ValueKind.Integer), element));
            }
        }
    }

    private void ParseExpressionStatement(IOperation expression, List<Statement> output)
    {
        switch (expression)
        {
            case ISimpleAssignmentOperation assignment:
                if (AssignmentTarget(assignment.Target) is { } simpleTarget && ParseExpression(assignment.Value) is { } value)
                {
                    output.Add(Assign(simpleTarget, value));
                }

                break;

            case ICompoundAssignmentOperation compound:
                if (AssignmentTarget(compound.Target) is not { } compoundTarget)
                {
                    break;
                }

                if (compound.OperatorMethod is not null || !compound.InConversion.IsIdentity || !compound.OutConversion.IsIdentity
                    || BinaryOperatorOf(compound.OperatorKind, compoundTarget.Kind) is not { } compoundOperator)
                {
                    Unsupported(DiagnosticDescriptors.UnsupportedExpression, compound, "this compound assignment is not supported; write 'x = x op y'");
                    break;
                }

                if (ParseExpression(compound.Value) is { } operand)
                {
                    output.Add(Assign(compoundTarget, new BinaryExpr(compoundOperator, compoundTarget, operand, compoundTarget.Kind)));
                }

                break;

            case IIncrementOrDecrementOperation increment:
                if (AssignmentTarget(increment.Target) is { } incrementTarget)
                {
                    var op = increment.Kind == OperationKind.Increment ? BinaryOperator.Add : BinaryOperator.Subtract;
                    var one = new LiteralExpr(1, incrementTarget.Kind);
                    output.Add(Assign(incrementTarget, new BinaryExpr(op, incrementTarget, one, incrementTarget.Kind)));
                }

                break;

            default:
                Unsupported(
                    DiagnosticDescriptors.UnsupportedStatement,
                    expression,
                    "a statement whose result is discarded has no effect on the value; only assignments to locals are supported");
                break;
        }
    }

    private static Statement Assign(Expr target, Expr value) => target switch
    {
        ElementExpr { Array: VariableExpr array } element => new ElementAssignStatement(array.Name, element.Index, value),
        VariableExpr variable => new AssignStatement(variable.Name, variable.Kind, value, Declare: false),
        _ => throw new InvalidOperationException("Not an assignment target: " + target),
    };

    /// <summary>The local (or element of a local array) an assignment writes; parameters and fields are refused.</summary>
    private Expr? AssignmentTarget(IOperation target)
    {
        switch (target)
        {
            case ILocalReferenceOperation local when TypeClassifier.Classify(local.Type) is ValueKind.Real or ValueKind.Integer or ValueKind.Boolean:
                return new VariableExpr(LocalName(local.Local), TypeClassifier.Classify(local.Type)!.Value);
            case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation arrayLocal, Indices.Length: 1 } element:
                return ParseElement(element, arrayLocal, element.Indices[0]);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: ILocalReferenceOperation spanLocal, Arguments.Length: 1 } indexer
                when TypeClassifier.IsSpanOfDouble(spanLocal.Type, readOnly: false):
                return ParseElement(indexer, spanLocal, indexer.Arguments[0].Value);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IParameterReferenceOperation outputParameter, Arguments.Length: 1 } indexer
                when outputParameter.Parameter.Name == _output:
                return ParseElement(indexer, outputParameter, indexer.Arguments[0].Value);
            case IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IParameterReferenceOperation }:
                Unsupported(DiagnosticDescriptors.UnsupportedAssignmentTarget, target, "inputs are read-only; copy them into a local array first");
                return null;
            case IParameterReferenceOperation parameter when _parameterCopies.TryGetValue(parameter.Parameter.Name, out string? copy):
                return new VariableExpr(copy, TypeClassifier.Classify(parameter.Type)!.Value);
            case IParameterReferenceOperation:
                Unsupported(DiagnosticDescriptors.UnsupportedAssignmentTarget, target, "a vector parameter cannot be replaced; declare a local array or span");
                return null;
            case IFieldReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: false }:
                Unsupported(DiagnosticDescriptors.UnsupportedAssignmentTarget, target, "a [Differentiable] method must not change state outside itself; use a local");
                return null;
            default:
                Unsupported(DiagnosticDescriptors.UnsupportedAssignmentTarget, target, "only locals of type double, int or bool can be assigned");
                return null;
        }
    }

    /// <summary>Lowers an expression, or reports why it cannot be and returns null.</summary>
    private Expr? ParseExpression(IOperation operation)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (operation.ConstantValue is { HasValue: true, Value: var constant })
        {
            return ParseConstant(operation, constant);
        }

        switch (operation)
        {
            case IParameterReferenceOperation parameter when _parameterCopies.TryGetValue(parameter.Parameter.Name, out string? copy):
                return new VariableExpr(copy, TypeClassifier.Classify(parameter.Type)!.Value);

            case IParameterReferenceOperation parameter:
                return _parameters.TryGetValue(parameter.Parameter.Name, out var model)
                    ? new VariableExpr(model.Name, model.Kind)
                    : Unsupported(DiagnosticDescriptors.UnsupportedExpression, operation, "this parameter cannot be read");

            case ILocalReferenceOperation local:
                return TypeClassifier.Classify(local.Type) is { } localKind
                    ? new VariableExpr(LocalName(local.Local), localKind)
                    : Unsupported(DiagnosticDescriptors.UnsupportedExpression, operation, "locals of this type are not supported");

            case IBinaryOperation binary:
                return ParseBinary(binary);

            case IUnaryOperation unary:
                return ParseUnary(unary);

            case IConversionOperation conversion:
                return ParseConversion(conversion);

            case IInvocationOperation invocation:
                return ParseInvocation(invocation);

            case IArrayElementReferenceOperation { Indices.Length: 1 } element:
                return ParseElement(operation, element.ArrayReference, element.Indices[0]);

            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } spanInstance, Arguments.Length: 1 } indexer
                when TypeClassifier.Classify(spanInstance.Type) == ValueKind.RealArray:
                return ParseElement(operation, spanInstance, indexer.Arguments[0].Value);

            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } lengthInstance }
                when TypeClassifier.Classify(lengthInstance.Type) == ValueKind.RealArray:
                return ParseExpression(lengthInstance) is { } array ? new LengthExpr(array) : null;

            case IPropertyReferenceOperation { Property: var property, Instance: var instance } when !property.IsIndexer:
                return ParseMemberRead(operation, property, instance, property.Type);

            case IFieldReferenceOperation { Field: var field, Instance: var instance }:
                return ParseMemberRead(operation, field, instance, field.Type);

            case IInstanceReferenceOperation:
                return new ThisExpr();

            case IParenthesizedOperation parenthesized:
                return ParseExpression(parenthesized.Operand);

            case IConditionalOperation { WhenFalse: { } whenFalse } ternary
                when TypeClassifier.Classify(ternary.Type) is ValueKind.Real or ValueKind.Integer or ValueKind.Boolean:
            {
                var condition = ParseCondition(ternary.Condition);
                var (whenTrue, otherwise) = WithoutHoisting(() => (ParseExpression(ternary.WhenTrue), ParseExpression(whenFalse)));
                return condition is null || whenTrue is null || otherwise is null
                    ? null
                    : new ConditionalExpr(condition, whenTrue, otherwise, TypeClassifier.Classify(ternary.Type)!.Value);
            }

            default:
                return Unsupported(DiagnosticDescriptors.UnsupportedExpression, operation, $"'{operation.Kind}' expressions are not supported");
        }
    }

    private Expr? ParseConstant(IOperation operation, object? constant)
    {
        switch (constant)
        {
            case double d when operation.Type?.SpecialType == SpecialType.System_Double:
                return new LiteralExpr(d, ValueKind.Real);
            case int i when operation.Type?.SpecialType == SpecialType.System_Int32:
                return new LiteralExpr(i, ValueKind.Integer);
            case bool b:
                return new LiteralExpr(b ? 1 : 0, ValueKind.Boolean);
            default:
                return Unsupported(
                    DiagnosticDescriptors.UnsupportedExpression,
                    operation,
                    $"constants of type '{operation.Type?.ToDisplayString() ?? "null"}' are not supported; use double, int or bool");
        }
    }

    /// <summary>Parses where nothing may be hoisted: only one of two arms runs, or a right operand may be skipped.</summary>
    private T WithoutHoisting<T>(Func<T> parse)
    {
        var outer = _hoistTarget;
        _hoistTarget = null;
        try
        {
            return parse();
        }
        finally
        {
            _hoistTarget = outer;
        }
    }

    /// <summary>
    /// A chain <c>e0 op1 e1 op2 e2 ...</c> (a left-deep tree, as C# parses <c>a + b + c</c>), walked iteratively so
    /// that a 100,000-term sum does not overflow the stack. In a chain longer than <see cref="ChainChunk"/> the partial
    /// result goes into a local, assigned by statements before the current one (after every term of a sum, every
    /// <see cref="ChainChunk"/> operators otherwise), so no IR expression is deeper than that (later passes recurse
    /// over expressions). Evaluation order is kept; operands are side-effect free. Where no
    /// statement can be placed before (a loop condition, a conditional arm) a chain longer than
    /// <see cref="MaximumUnhoistedChain"/> is reported instead.
    /// </summary>
    private Expr? ParseBinary(IBinaryOperation binary)
    {
        var spine = new List<IBinaryOperation>();
        IOperation bottom = binary;
        while (bottom is IBinaryOperation link && !IsShortCircuit(link) && link.ConstantValue is not { HasValue: true })
        {
            spine.Add(link);
            bottom = link.LeftOperand;
        }

        if (spine.Count <= 1)
        {
            return ParseBinaryNode(binary, ParseExpression(binary.LeftOperand));
        }

        if (spine.Count > MaximumUnhoistedChain && _hoistTarget is null)
        {
            return Unsupported(
                DiagnosticDescriptors.UnsupportedExpression,
                binary,
                $"a chain of {spine.Count} operators here (a loop condition or a conditional arm) is too long; compute it in statements before");
        }

        var accumulated = ParseExpression(bottom);
        string? chunkLocal = null;
        for (int i = spine.Count - 1; i >= 0; i--)
        {
            accumulated = ParseBinaryNode(spine[i], accumulated);
            // A sum is flushed at every term, as 'chain = chain + term' (an accumulation, whose adjoint the reverse sweep
            // passes through without a temporary per partial sum); other operators every ChainChunk operators.
            int done = spine.Count - i;
            bool isSum = spine[i].OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract;
            if (accumulated is { Kind: ValueKind.Real or ValueKind.Integer } && _hoistTarget is not null && spine.Count > ChainChunk
                && (isSum || done % ChainChunk == 0) && i > 0)
            {
                chunkLocal ??= SyntheticLocal("chain", accumulated.Kind);
                _hoistTarget.Add(new AssignStatement(chunkLocal, accumulated.Kind, accumulated, Declare: false));
                accumulated = new VariableExpr(chunkLocal, accumulated.Kind);
            }
        }

        return accumulated;
    }

    private const int ChainChunk = 64;
    private const int MaximumUnhoistedChain = 2000;

    private static bool IsShortCircuit(IBinaryOperation binary) =>
        binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr;

    /// <summary>One binary operator, its left operand already parsed (null when it failed).</summary>
    private Expr? ParseBinaryNode(IBinaryOperation binary, Expr? left)
    {
        var resultKind = TypeClassifier.Classify(binary.Type);
        var operandKind = TypeClassifier.Classify(binary.LeftOperand.Type);
        if (binary.OperatorMethod is not null || resultKind is not (ValueKind.Real or ValueKind.Integer or ValueKind.Boolean)
            || operandKind is not (ValueKind.Real or ValueKind.Integer or ValueKind.Boolean)
            || BinaryOperatorOf(binary.OperatorKind, operandKind.Value) is not { } op)
        {
            return Unsupported(
                DiagnosticDescriptors.UnsupportedExpression,
                binary,
                $"the operator '{binary.OperatorKind}' on '{binary.LeftOperand.Type?.ToDisplayString()}' is not supported");
        }

        var right = IsShortCircuit(binary) ? WithoutHoisting(() => ParseExpression(binary.RightOperand)) : ParseExpression(binary.RightOperand);
        return left is null || right is null ? null : new BinaryExpr(op, left, right, resultKind.Value);
    }

    /// <summary>The IR operator for a C# operator on operands of <paramref name="operandKind"/>, if supported.</summary>
    private static BinaryOperator? BinaryOperatorOf(BinaryOperatorKind kind, ValueKind operandKind) => kind switch
    {
        BinaryOperatorKind.Add => BinaryOperator.Add,
        BinaryOperatorKind.Subtract => BinaryOperator.Subtract,
        BinaryOperatorKind.Multiply => BinaryOperator.Multiply,
        BinaryOperatorKind.Divide => BinaryOperator.Divide,

        // On doubles a % b = a - b trunc(a / b): piecewise, with d/da = 1 and d/db = -trunc(a / b).
        BinaryOperatorKind.Remainder => BinaryOperator.Remainder,
        BinaryOperatorKind.Equals => BinaryOperator.Equal,
        BinaryOperatorKind.NotEquals => BinaryOperator.NotEqual,
        BinaryOperatorKind.LessThan => BinaryOperator.Less,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperator.LessOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOperator.Greater,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperator.GreaterOrEqual,
        BinaryOperatorKind.ConditionalAnd => BinaryOperator.And,
        BinaryOperatorKind.ConditionalOr => BinaryOperator.Or,
        _ => null,
    };

    private Expr? ParseUnary(IUnaryOperation unary)
    {
        if (unary.OperatorMethod is not null)
        {
            return Unsupported(DiagnosticDescriptors.UnsupportedExpression, unary, "user-defined operators are not supported");
        }

        var kind = TypeClassifier.Classify(unary.Type);
        switch (unary.OperatorKind)
        {
            case UnaryOperatorKind.Plus:
                return ParseExpression(unary.Operand);
            case UnaryOperatorKind.Minus when kind is ValueKind.Real or ValueKind.Integer:
                return ParseExpression(unary.Operand) is { } negated ? new UnaryExpr(UnaryOperator.Negate, negated, kind.Value) : null;
            case UnaryOperatorKind.Not when kind is ValueKind.Boolean:
                return ParseExpression(unary.Operand) is { } inverted ? new UnaryExpr(UnaryOperator.Not, inverted, ValueKind.Boolean) : null;
            default:
                return Unsupported(DiagnosticDescriptors.UnsupportedExpression, unary, $"the operator '{unary.OperatorKind}' is not supported");
        }
    }

    private Expr? ParseConversion(IConversionOperation conversion)
    {
        var from = TypeClassifier.Classify(conversion.Operand.Type);
        var to = TypeClassifier.Classify(conversion.Type);
        if (from is null && to == ValueKind.Real && TypeClassifier.IsOtherNumber(conversion.Operand.Type) && conversion.OperatorMethod is null)
        {
            // A long, float, short ... constant used as a number: (double)n, never differentiated.
            return ParseExpression(conversion.Operand) is { } number ? new ConvertExpr(number, ValueKind.Real) : null;
        }

        if (conversion.OperatorMethod is not null || from is null || to is null)
        {
            return Unsupported(
                DiagnosticDescriptors.UnsupportedExpression,
                conversion,
                $"the conversion from '{conversion.Operand.Type?.ToDisplayString()}' to '{conversion.Type?.ToDisplayString()}' is not supported");
        }

        var operand = ParseExpression(conversion.Operand);
        if (operand is null || from == to)
        {
            return operand;
        }

        // int -> double is exact; double -> int truncates and has derivative zero.
        return (from, to) is (ValueKind.Integer, ValueKind.Real) or (ValueKind.Real, ValueKind.Integer)
            ? new ConvertExpr(operand, to.Value)
            : Unsupported(DiagnosticDescriptors.UnsupportedExpression, conversion, "only conversions between int and double are supported");
    }

    private Expr? ParseElement(IOperation operation, IOperation array, IOperation index)
    {
        if (TypeClassifier.Classify(index.Type) != ValueKind.Integer)
        {
            return Unsupported(DiagnosticDescriptors.UnsupportedExpression, index, "indices must be int expressions");
        }

        var arrayExpr = ParseExpression(array);
        var indexExpr = ParseExpression(index);
        if (arrayExpr is null || indexExpr is null)
        {
            return null;
        }

        return arrayExpr.Kind == ValueKind.RealArray
            ? new ElementExpr(arrayExpr, indexExpr)
            : Unsupported(DiagnosticDescriptors.UnsupportedExpression, operation, "only elements of double arrays and spans can be read");
    }

    private Expr? ParseMemberRead(IOperation operation, ISymbol member, IOperation? instance, ITypeSymbol type)
    {
        var kind = TypeClassifier.Classify(type) ?? ValueKind.Object;
        string typeName = member.ContainingType.ToDisplayString(TypeClassifier.QualifiedFormat);
        if (member.IsStatic || instance is null)
        {
            return new MemberExpr(null, typeName, member.Name, kind);
        }

        // An instance member is read through 'this' or through a constant parameter; it is never differentiated.
        var receiver = ParseExpression(instance);
        if (receiver is null)
        {
            return null;
        }

        return receiver is ThisExpr or MemberExpr || receiver is VariableExpr { Kind: ValueKind.Object }
            ? new MemberExpr(receiver, typeName, member.Name, kind)
            : Unsupported(DiagnosticDescriptors.UnsupportedExpression, operation, "this member read is not supported");
    }

    private Expr? ParseInvocation(IInvocationOperation invocation)
    {
        var target = invocation.TargetMethod;
        string display = target.ContainingType.Name + "." + target.Name;
        bool onMathOrDouble = target.IsStatic && target.ContainingType is { } type
            && (type.SpecialType == SpecialType.System_Double
                || (type.Name == "Math" && type.ContainingNamespace?.ToDisplayString() == "System"));
        if (!onMathOrDouble || !Enum.TryParse(target.Name, out MathFunction function))
        {
            return ParseUserCall(invocation, display);
        }

        var resultKind = TypeClassifier.Classify(target.ReturnType);
        var parameterKinds = target.Parameters.Select(p => TypeClassifier.Classify(p.Type)).ToList();
        bool supportedShape = resultKind is ValueKind.Real or ValueKind.Integer
            && parameterKinds.All(k => k is ValueKind.Real or ValueKind.Integer)
            && (resultKind == ValueKind.Integer || HasDifferentiableShape(function, parameterKinds));
        if (!supportedShape)
        {
            return Unsupported(
                DiagnosticDescriptors.UnsupportedCall,
                invocation,
                display + "(" + string.Join(", ", target.Parameters.Select(p => p.Type.ToDisplayString())) + ")",
                "this overload is not supported; call the overload that takes and returns double");
        }

        var arguments = new List<Expr>();
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (ParseExpression(argument.Value) is not { } value)
            {
                return null;
            }

            arguments.Add(value);
        }

        return new CallExpr(function, arguments.ToEquatableArray(), resultKind!.Value);
    }

    private Expr? ParseUserCall(IInvocationOperation invocation, string display)
    {
        var resolved = _calls.Resolve(invocation, out var descriptor, out string? problem);
        if (resolved is null)
        {
            return Unsupported(descriptor!, invocation, display, problem!);
        }

        var arguments = new List<Expr>();
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            var value = ParseExpression(WithoutSpanConversion(argument.Value));
            if (value is null)
            {
                return null;
            }

            // A whole array: a parameter or local (differentiated), or a static or instance table (a constant).
            if (value.Kind == ValueKind.RealArray && value is not (VariableExpr or MemberExpr))
            {
                return Unsupported(DiagnosticDescriptors.UnsupportedExpression, argument.Value, "pass a whole array or span (a parameter, a local or a field) to a differentiable method");
            }

            int ordinal = argument.Parameter?.Ordinal ?? arguments.Count;
            if (value.Kind is ValueKind.Real or ValueKind.RealArray && ordinal < resolved.Differentiable.Count && !resolved.Differentiable[ordinal])
            {
                _constantArguments.Add((value, argument.Syntax, invocation.TargetMethod.Name, argument.Parameter?.Name ?? "?"));
            }

            arguments.Add(value);
        }

        string pullback = resolved.IsCustom ? resolved.Derivatives : resolved.Derivatives + GeneratedNames.Pullback;
        return new InvocationExpr(
            resolved.Callee, pullback, arguments.ToEquatableArray(), resolved.Differentiable, resolved.DirectionalDerivative, resolved.PullbackTangent);
    }

    /// <summary>
    /// A <c>double[]</c> or <c>Span&lt;double&gt;</c> passed where the callee takes a <c>ReadOnlySpan&lt;double&gt;</c>
    /// (or an array where it takes a <c>Span&lt;double&gt;</c>): the same memory under another type, so the argument is
    /// the array itself and its adjoint is the array's adjoint. Only here, as a call argument: a span local converted
    /// from an array would be a second name for the same elements.
    /// </summary>
    private static IOperation WithoutSpanConversion(IOperation argument) =>
        argument is IConversionOperation { IsImplicit: true } conversion
            && TypeClassifier.Classify(conversion.Type) == ValueKind.RealArray
            && TypeClassifier.Classify(conversion.Operand.Type) == ValueKind.RealArray
                ? conversion.Operand
                : argument;

    /// <summary>The argument shapes the derivative rules know: all doubles of the right count (Round may take int digits).</summary>
    private static bool HasDifferentiableShape(MathFunction function, List<ValueKind?> kinds)
    {
        int doubles = kinds.Count(k => k == ValueKind.Real);
        return function switch
        {
            MathFunction.Atan2 or MathFunction.Pow or MathFunction.Max or MathFunction.Min or MathFunction.Hypot or MathFunction.CopySign
                or MathFunction.IEEERemainder => doubles == 2 && kinds.Count == 2,
            MathFunction.ScaleB => kinds.Count == 2 && kinds[0] == ValueKind.Real && kinds[1] == ValueKind.Integer,
            MathFunction.Log => doubles == kinds.Count && kinds.Count is 1 or 2,
            MathFunction.Clamp or MathFunction.FusedMultiplyAdd => doubles == 3 && kinds.Count == 3,
            MathFunction.Round => kinds.Count == 1 ? doubles == 1 : kinds.Count == 2 && kinds[0] == ValueKind.Real && kinds[1] == ValueKind.Integer,
            _ => doubles == 1 && kinds.Count == 1,
        };
    }

    private string LocalName(ILocalSymbol local, LocalArrayKind LocalArrayKind = LocalArrayKind.None)
    {
        if (_localNames.TryGetValue(local, out string? name))
        {
            return name;
        }

        name = UniqueName(local.Name);
        _localNames.Add(local, name);
        var kind = TypeClassifier.Classify(local.Type) ?? ValueKind.Object;
        _locals.Add(new DeclareStatement(name, kind, kind == ValueKind.RealArray ? LocalArrayKind : LocalArrayKind.None));
        return name;
    }

    /// <summary>A local the parser introduces (the index of a foreach loop).</summary>
    private string SyntheticLocal(string preferred, ValueKind kind)
    {
        string name = UniqueName(preferred);
        _locals.Add(new DeclareStatement(name, kind));
        return name;
    }

    private string UniqueName(string preferred)
    {
        string name = preferred;
        for (int suffix = 1; _usedLocalNames.Contains(name) || (name != preferred && _reservedNames.Contains(name)); suffix++)
        {
            name = preferred + "_" + suffix;
        }

        _usedLocalNames.Add(name);
        _reservedNames.Add(name);
        return name;
    }

    private Expr? Unsupported(DiagnosticDescriptor descriptor, IOperation operation, string reason) =>
        Unsupported(descriptor, operation, SourceText.OneLine(operation.Syntax), reason);

    private Expr? Unsupported(DiagnosticDescriptor descriptor, IOperation operation, string what, string reason)
    {
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, operation.Syntax.GetLocation(), what, reason));
        return null;
    }
}
