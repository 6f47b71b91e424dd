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

// Statement lowering: control flow, declarations, assignments. BodyParser.cs has the state and the entry point.
internal sealed partial class BodyParser
{
    private void ParseStatement(IOperation operation, List<Statement> output, bool withSourceComment = true)
    {
        // Expressions evaluated once, right before the statement (not a loop's condition), may move parts of a very
        // long operator chain into statements placed before it (see ParseBinary).
        var outerHoistTarget = _hoistTarget;
        _hoistTarget = operation is IVariableDeclarationGroupOperation or IExpressionStatementOperation or IReturnOperation or IConditionalOperation
            or ISwitchOperation
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
        if (operation is ILocalFunctionOperation)
        {
            // A declaration, not a statement that runs: the local functions called are differentiated as callees of
            // their own (LocalFunctionCallees).
            return;
        }

        if (withSourceComment && _frame is null && operation is not (IBlockOperation or IEmptyOperation))
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

            case IReturnOperation { ReturnedValue: null } when _frame is not null:
                if (operation != _frame.FinalReturn)
                {
                    Unsupported(
                        DiagnosticDescriptors.UnsupportedStatement,
                        operation,
                        "'return' before the end of a void method called from a [Differentiable] method",
                        "the method runs in place of its calls; let it end at its end (put the rest in an else branch)");
                }

                break;

            case IReturnOperation { ReturnedValue: null } when HasVectorResult:
                AddVoidExit(output);
                break;

            case IEmptyOperation:
                break;

            case IThrowOperation thrown:
                ParseThrow(thrown, output);
                break;

            case IConditionalOperation conditional:
                ParseIf(conditional, output);
                break;

            case IForLoopOperation forLoop:
                ParseFor(forLoop, output);
                break;

            case IWhileLoopOperation whileLoop when !whileLoop.ConditionIsUntil:
                ParseLoop(whileLoop, whileLoop.Condition, whileLoop.ConditionIsTop, EquatableArray<Statement>.Empty, null, 0, output);
                break;

            case IForEachLoopOperation forEach:
                ParseForEach(forEach, output);
                break;

            case ISwitchOperation switchOperation:
                ParseSwitch(switchOperation, output);
                break;

            case IBranchOperation { BranchKind: BranchKind.Break, Target: var exit } when _switchExits.Contains(exit):
                Unsupported(
                    DiagnosticDescriptors.UnsupportedStatement,
                    operation,
                    "'break' before the end of a switch section",
                    "use if/else inside the section so that it ends in its only 'break'");
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

        ParseLoop(loop, loop.Condition, testFirst: true, increment.ToEquatableArray(), index, step, output);
    }

    private void ParseForEach(IForEachLoopOperation loop, List<Statement> output)
    {
        if (loop.LoopControlVariable is IVariableDeclaratorOperation { Symbol.RefKind: not RefKind.None })
        {
            Unsupported(DiagnosticDescriptors.UnsupportedStatement, loop, "foreach with a ref loop variable is not supported; loop over indices and write the elements themselves");
            return;
        }

        var collection = loop.Collection is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : loop.Collection;
        if (TryParseForEachOverData(loop, collection, output))
        {
            return;
        }

        if (loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { Type.SpecialType: SpecialType.System_Double } element }
            || TypeClassifier.Classify(collection.Type) != ValueKind.RealArray
            || ParseExpression(collection) is not { } array)
        {
            Unsupported(DiagnosticDescriptors.UnsupportedStatement, loop, "foreach is supported over spans and arrays of double with a double loop variable, and over parameters and fields of other arrays and spans; loop over the indices with for");
            return;
        }

        // foreach (double v in a) body  ==  for (int i = 0; i < a.Length; i++) { double v = a[i]; body }
        string index = SyntheticLocal("i", ValueKind.Integer);
        var indexExpr = new VariableExpr(index, ValueKind.Integer);
        output.Add(new AssignStatement(index, ValueKind.Integer, new LiteralExpr(0, ValueKind.Integer), Declare: false));
        var body = new List<Statement>
        {
            new AssignStatement(LocalName(element), ValueKind.Real, Element(array, indexExpr), Declare: false),
        };
        _loopDepth++;
        ParseStatement(loop.Body, body);
        _loopDepth--;
        output.Add(CountingLoop(index, LengthOf(array), body));
    }

    /// <summary><c>while (index &lt; length) { body; index = index + 1; }</c>: a foreach's counting loop, the index set to 0 before it.</summary>
    private static LoopStatement CountingLoop(string index, Expr length, List<Statement> body)
    {
        var indexExpr = new VariableExpr(index, ValueKind.Integer);
        var condition = new BinaryExpr(BinaryOperator.Less, indexExpr, length, ValueKind.Boolean);
        var increment = new AssignStatement(
            index,
            ValueKind.Integer,
            new BinaryExpr(BinaryOperator.Add, indexExpr, new LiteralExpr(1, ValueKind.Integer), ValueKind.Integer),
            Declare: false);
        return new LoopStatement(condition, TestFirst: true, body.ToEquatableArray(), new Statement[] { increment }.ToEquatableArray(), index, 1);
    }

    private void ParseLoop(
        ILoopOperation loop,
        IOperation? conditionOperation,
        bool testFirst,
        EquatableArray<Statement> increment,
        string? index,
        int step,
        List<Statement> output)
    {
        if (conditionOperation is not null && HasSideEffects(conditionOperation))
        {
            ParseLoopWithSideEffectsInCondition(loop, conditionOperation, testFirst, increment, output);
            return;
        }

        var condition = ParseCondition(conditionOperation);
        var body = new List<Statement>();
        _loopDepth++;
        ParseStatement(loop.Body, body);
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

    /// <summary>
    /// A loop condition with side effects (<c>while (n-- &gt; 0)</c>) is evaluated before every iteration, and so are
    /// its side effects: <c>while (c) body</c> becomes <c>while (true) { effects; if (!c) break; body }</c> (a
    /// <c>continue</c> goes back to the test, as in C#), and <c>do body while (c)</c> becomes
    /// <c>while (true) { body; effects; if (!c) break; }</c>, where a <c>continue</c> would skip the test and is refused.
    /// </summary>
    private void ParseLoopWithSideEffectsInCondition(
        ILoopOperation loop,
        IOperation conditionOperation,
        bool testFirst,
        EquatableArray<Statement> increment,
        List<Statement> output)
    {
        if (!testFirst && loop.Body.Descendants().OfType<IBranchOperation>()
                .Any(b => b.BranchKind == BranchKind.Continue && SymbolEqualityComparer.Default.Equals(b.Target, loop.ContinueLabel)))
        {
            Unsupported(
                DiagnosticDescriptors.UnsupportedStatement,
                conditionOperation,
                "'do' loop whose condition assigns, with a 'continue'",
                "assign in the loop body and test a plain condition");
            return;
        }

        var test = new List<Statement>();
        var condition = WithHoistTarget(test, () => ParseCondition(conditionOperation));
        var body = new List<Statement>();
        _loopDepth++;
        ParseStatement(loop.Body, body);
        _loopDepth--;
        if (condition is null)
        {
            return;
        }

        test.Add(new IfStatement(
            new UnaryExpr(UnaryOperator.Not, condition, ValueKind.Boolean),
            new Statement[] { new BreakStatement() }.ToEquatableArray(),
            EquatableArray<Statement>.Empty));
        var whole = testFirst ? test.Concat(body) : body.Concat(test);
        output.Add(new LoopStatement(True, TestFirst: true, whole.ToEquatableArray(), increment, Index: null, Step: 0));
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

        if (ConstructNames.LambdaOf(initializer) is { } lambda)
        {
            // A lambda only ever called is a callee of its own (LocalFunctionCallees), declared nowhere at run time.
            if (LocalFunctionCallees.LambdaProblem(local, lambda) is { } problem)
            {
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LambdaLocal, declarator.Syntax.GetLocation(), local.Name, problem));
            }

            return;
        }

        if (TypeClassifier.IsDoubleMatrix(local.Type))
        {
            ParseLocalMatrix(declarator, local, initializer, output);
            return;
        }

        if (DataLocalFix(local, initializer) is { } fix)
        {
            _rejectedLocals.Add(local);
            Unsupported(DiagnosticDescriptors.UnsupportedData, declarator, $"the local '{local.Name}' of type '{local.Type.ToDisplayString()}'", fix);
            return;
        }

        var kind = ClassifyValue(local.Type);
        if (kind == ValueKind.RealArray && TryParseView(declarator, local, initializer, output))
        {
            return;
        }

        if (kind == ValueKind.RealArray)
        {
            ParseLocalArray(declarator, local, initializer, output);
            return;
        }

        if (kind is not { } scalar || !scalar.IsScalar())
        {
            Unsupported(
                DiagnosticDescriptors.UnsupportedStatement,
                declarator,
                "use double, integer or bool locals, or double arrays");
            return;
        }

        string name = LocalName(local);
        if (initializer is not null && ParseExpression(initializer) is { } value)
        {
            output.Add(new AssignStatement(name, scalar, value, Declare: false));
        }
    }

    /// <summary><c>double[] a = new double[n]</c>, <c>new double[] { ... }</c> or <c>Span&lt;double&gt; a = stackalloc double[n]</c>.</summary>
    private void ParseLocalArray(IVariableDeclaratorOperation declarator, ILocalSymbol local, IOperation? initializer, List<Statement> output)
    {
        const string Shapes = "a local array must be created where it is declared, as 'new double[n]', 'new double[] { ... }' or 'stackalloc double[n]'";
        bool isSpan = TypeClassifier.IsSpanOfDouble(local.Type, readOnly: false);
        if (!isSpan && !TypeClassifier.IsDoubleArray(local.Type))
        {
            Unsupported(DiagnosticDescriptors.UnsupportedStatement, declarator, "local arrays must be double[] or Span<double>; copy the values into one");
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

        if (_loopDepth > 0 && LoopVariantRead(lengthOperation) is { } variant)
        {
            Unsupported(
                DiagnosticDescriptors.UnsupportedStatement,
                declarator,
                $"local array '{local.Name}' declared in a loop with a length that may change between iterations",
                $"its length reads '{variant}', which the loop changes; compute the length before the outermost loop, or declare the array before it with the largest length");
            return;
        }

        string name = LocalName(local, LocalArrayKind: kind);
        _writableArrays.Add(name);
        if (_loopDepth > 0)
        {
            output.AddRange(Redeclaration(name, length, kind));
        }
        else
        {
            output.Add(new ArrayCreateStatement(name, length, kind));
        }

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
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation:
                LowerAssignment(expression, valueUsed: false);
                break;

            case IInvocationOperation invocation when IsEffectCall(invocation.TargetMethod):
                ParseEffectCall(invocation, output);
                break;

            case IInvocationOperation invocation when InlinableCallee(invocation, out string? problem) is { } callee:
                ParseInlinedCall(invocation, callee, output);
                break;

            case IInvocationOperation invocation when InlinableCallee(invocation, out string? problem) is null && problem is not null:
                Unsupported(DiagnosticDescriptors.UnsupportedStatement, invocation, $"call of the void method '{invocation.TargetMethod.Name}'", problem);
                break;

            default:
                Unsupported(
                    DiagnosticDescriptors.UnsupportedStatement,
                    expression,
                    "a statement whose result is discarded has no effect on the value; remove it, or assign the result to a local");
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
            case IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation matrix, Indices.Length: 2 } element
                when _flatArrays.TryGetValue(matrix.Local, out var flat):
                return FlatElement(flat, element.Indices);
            case ILocalReferenceOperation matrix when _flatArrays.ContainsKey(matrix.Local):
                Unsupported(
                    DiagnosticDescriptors.UnsupportedData,
                    target,
                    $"replacing the 2-D local array '{matrix.Local.Name}'",
                    "create it once, where it is declared, and overwrite its elements");
                return null;
            case var rejected when IsInRejectedLocal(rejected):
                return null;
            case IParameterReferenceOperation parameter when _frame is not null:
                // A void callee's scalar parameter is a local holding the argument; its arrays cannot be replaced.
                if (ParseExpression(parameter) is VariableExpr { Kind: var copiedKind } argumentCopy && copiedKind.IsScalar())
                {
                    return argumentCopy;
                }

                Unsupported(DiagnosticDescriptors.UnsupportedAssignmentTarget, target, "a vector parameter cannot be replaced; declare a local array or span");
                return null;
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IParameterReferenceOperation parameter, Arguments.Length: 1 } indexer
                when _frame is not null || _arrayCopies.ContainsKey(parameter.Parameter.Name):
                return WritableElement(ParseElement(indexer, parameter, indexer.Arguments[0].Value), target);
            case IArrayElementReferenceOperation { ArrayReference: IParameterReferenceOperation parameter, Indices.Length: 1 } element
                when _frame is not null || _arrayCopies.ContainsKey(parameter.Parameter.Name):
                return WritableElement(ParseElement(element, parameter, element.Indices[0]), target);
            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: ILocalReferenceOperation view, Arguments.Length: 1 } indexer
                when _views.ContainsKey(view.Local):
                return WritableElement(ParseElement(indexer, view, indexer.Arguments[0].Value), target);
            case var data when IsDataTarget(data):
                _diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.ConstantDataWritten,
                    target.Syntax.GetLocation(),
                    SourceText.OneLine(target.Syntax),
                    "copy the values into a local (double, double[] or double[,]) and change the copy"));
                return null;
            case ILocalReferenceOperation local when ClassifyValue(local.Type).IsScalar():
                return new VariableExpr(LocalName(local.Local), ClassifyValue(local.Type)!.Value);
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
                return new VariableExpr(copy, ClassifyValue(parameter.Type)!.Value);
            case IParameterReferenceOperation { Parameter: { RefKind: not RefKind.None } byReference }:
                // (ADG0003 refuses the parameter itself; this names the write and what to do instead.)
                Unsupported(
                    DiagnosticDescriptors.UnsupportedAssignmentTarget,
                    target,
                    $"{(byReference.RefKind == RefKind.Out ? "out" : "ref")} parameter '{byReference.Name}'",
                    "the generated members write back only ref integers (a ref double would need a derivative of its own, an out parameter a value to start from); take it by value (the method may change its copy) and leave writing the caller's variable to the caller");
                return null;
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
}
