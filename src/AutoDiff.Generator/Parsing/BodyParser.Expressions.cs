using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

// Expression lowering: operators, conversions, element and member reads, calls.
internal sealed partial class BodyParser
{
    /// <summary>Lowers an expression, or reports why it cannot be and returns null.</summary>
    private Expr? ParseExpression(IOperation operation)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (operation.ConstantValue is { HasValue: true, Value: var constant })
        {
            return ParseConstant(operation, constant);
        }

        if (operation is IParameterReferenceOperation { Parameter: var lambdaParameter } && _lambdaParameters.TryGetValue(lambdaParameter, out var lambdaVariable))
        {
            return lambdaVariable;
        }

        if (TryParseData(operation, out var data))
        {
            return data;
        }

        switch (operation)
        {
            case IParameterReferenceOperation parameter when _frame is not null:
                // Inside a void callee's body: its parameters stand for what the call passed.
                return _frame.Parameters.TryGetValue(parameter.Parameter.Name, out var bound)
                    ? bound
                    : Unsupported(DiagnosticDescriptors.UnsupportedExpression, operation, "this parameter cannot be read; pass it by value");

            case IParameterReferenceOperation parameter when _arrayCopies.TryGetValue(parameter.Parameter.Name, out string? arrayCopy):
                return new VariableExpr(arrayCopy, ValueKind.RealArray);

            case ILocalReferenceOperation local when _views.TryGetValue(local.Local, out var view):
                return view;

            case IParameterReferenceOperation parameter when _parameterCopies.TryGetValue(parameter.Parameter.Name, out string? copy):
                return new VariableExpr(copy, ClassifyValue(parameter.Type)!.Value);

            case IParameterReferenceOperation parameter when TypeClassifier.IsIntEnum(parameter.Type) && _parameters.ContainsKey(parameter.Parameter.Name):
                // An enum parameter is data, read as an int.
                return new ConvertExpr(new VariableExpr(parameter.Parameter.Name, ValueKind.Object), ValueKind.Integer);

            case IParameterReferenceOperation parameter:
                return _parameters.TryGetValue(parameter.Parameter.Name, out var model)
                    ? new VariableExpr(model.Name, model.Kind)
                    : Unsupported(DiagnosticDescriptors.UnsupportedExpression, operation, "this parameter cannot be read; pass it by value");

            case ILocalReferenceOperation local:
                return ClassifyValue(local.Type) is { } localKind
                    ? new VariableExpr(LocalName(local.Local), localKind)
                    : Unsupported(DiagnosticDescriptors.UnsupportedExpression, operation, "use double, int or bool locals, or double arrays");

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
                return ParseExpression(lengthInstance) is { } array ? LengthOf(array) : null;

            case IPropertyReferenceOperation { Property: var property, Instance: var instance } when !property.IsIndexer:
                return ParseMemberRead(operation, property, instance, property.Type);

            case IFieldReferenceOperation { Field: var field, Instance: var instance }:
                return ParseMemberRead(operation, field, instance, field.Type);

            case IInstanceReferenceOperation:
                return new ThisExpr();

            case IParenthesizedOperation parenthesized:
                return ParseExpression(parenthesized.Operand);

            case IConditionalOperation { WhenFalse: { } whenFalse } ternary
                when ClassifyValue(ternary.Type).IsScalar()
                    && _hoistTarget is not null && (HasSideEffects(ternary.WhenTrue) || HasSideEffects(whenFalse)):
                return LowerConditional(ternary.Condition, ternary.WhenTrue, whenFalse, ClassifyValue(ternary.Type)!.Value);

            case IConditionalOperation { WhenFalse: { } whenFalse } ternary
                when ClassifyValue(ternary.Type).IsScalar():
            {
                var condition = ParseCondition(ternary.Condition);
                var (whenTrue, otherwise) = WithoutHoisting(() => (ParseExpression(ternary.WhenTrue), ParseExpression(whenFalse)));
                return condition is null || whenTrue is null || otherwise is null
                    ? null
                    : new ConditionalExpr(condition, whenTrue, otherwise, ClassifyValue(ternary.Type)!.Value);
            }

            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation or IDeconstructionAssignmentOperation:
                return LowerAssignment(operation, valueUsed: true);

            case ISwitchExpressionOperation switchExpression:
                return LowerSwitchExpression(switchExpression);

            default:
                return Unsupported(DiagnosticDescriptors.UnsupportedExpression, operation, "rewrite it with double, int and bool locals, operators, Math calls and calls of [Differentiable] methods");
        }
    }

    /// <summary>
    /// <c>c ? a : b</c> whose arms have side effects: only the arm taken may run them, so it becomes
    /// <c>if (c) { ...; t = a; } else { ...; t = b; }</c> before the current statement, and reads <c>t</c>.
    /// </summary>
    private Expr? LowerConditional(IOperation conditionOperation, IOperation whenTrueOperation, IOperation whenFalseOperation, ValueKind kind)
    {
        var condition = ParseCondition(conditionOperation);
        string local = SyntheticLocal("choice", kind);
        var whenTrue = new List<Statement>();
        var whenFalse = new List<Statement>();
        var trueValue = WithHoistTarget(whenTrue, () => ParseExpression(whenTrueOperation));
        var falseValue = WithHoistTarget(whenFalse, () => ParseExpression(whenFalseOperation));
        if (condition is null || trueValue is null || falseValue is null)
        {
            return null;
        }

        if (IsConstant(condition))
        {
            // 'if (constant)' would be dead code in the generated method (CS0162); the user's ?: has no such warning.
            condition = Spill(condition, _hoistTarget!, "condition");
        }

        whenTrue.Add(new AssignStatement(local, kind, trueValue, Declare: false));
        whenFalse.Add(new AssignStatement(local, kind, falseValue, Declare: false));
        _hoistTarget!.Add(new IfStatement(condition, whenTrue.ToEquatableArray(), whenFalse.ToEquatableArray()));
        return new VariableExpr(local, kind);
    }

    /// <summary>Whether the C# compiler sees <paramref name="expression"/> as a constant (literals and operators on them).</summary>
    private static bool IsConstant(Expr expression) =>
        !ExprFactory.Mentions(expression, e => e is not (LiteralExpr or BinaryExpr or UnaryExpr or ConvertExpr or ConditionalExpr));

    private Expr? ParseConstant(IOperation operation, object? constant)
    {
        switch (constant)
        {
            case double d when operation.Type?.SpecialType == SpecialType.System_Double:
                return new LiteralExpr(d, ValueKind.Real);
            case int i when operation.Type?.SpecialType == SpecialType.System_Int32 || TypeClassifier.IsIntEnum(operation.Type):
                return new LiteralExpr(i, ValueKind.Integer);
            case uint u when operation.Type?.SpecialType == SpecialType.System_UInt32:
                return new LiteralExpr(u, ValueKind.UnsignedInteger);
            case long or ulong when !ExactInDouble(constant):
                // The IR holds a literal in a double, which is exact up to 2^53.
                return Unsupported(
                    DiagnosticDescriptors.UnsupportedExpression,
                    operation,
                    "64-bit integer constants beyond 2^53 are not supported; compute the value from smaller constants");
            case long l when operation.Type?.SpecialType == SpecialType.System_Int64:
                return new LiteralExpr(l, ValueKind.Long);
            case ulong ul when operation.Type?.SpecialType == SpecialType.System_UInt64:
                return new LiteralExpr(ul, ValueKind.UnsignedLong);
            case bool b:
                return new LiteralExpr(b ? 1 : 0, ValueKind.Boolean);
            default:
                return Unsupported(
                    DiagnosticDescriptors.UnsupportedExpression,
                    operation,
                    $"constants of type '{operation.Type?.ToDisplayString() ?? "null"}' are not supported; use double, int or bool");
        }
    }

    private static bool ExactInDouble(object constant) => constant switch
    {
        long l => l is >= -(1L << 53) and <= 1L << 53,
        ulong u => u <= 1UL << 53,
        _ => true,
    };

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
            if (accumulated is { Kind: var accumulatedKind } && accumulatedKind.IsNumber() && _hoistTarget is not null && spine.Count > ChainChunk
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
        var operandKind = ClassifyValue(binary.LeftOperand.Type);
        if (binary.OperatorMethod is not null || ClassifyValue(binary.Type) is not { } resultKind || !resultKind.IsScalar()
            || !operandKind.IsScalar()
            || BinaryOperatorOf(binary.OperatorKind) is not { } op)
        {
            return Unsupported(
                DiagnosticDescriptors.UnsupportedExpression,
                binary,
                binary.OperatorMethod is not null || !operandKind.IsScalar()
                    ? "compute with double values (convert other number types to double)"
                    : "use + - * / % on numbers, comparisons, && || ! on bools");
        }

        if (IsShortCircuit(binary))
        {
            // The right operand runs only when the left one does not decide: its side effects go in a branch.
            if (left is not null && _hoistTarget is not null && HasSideEffects(binary.RightOperand))
            {
                return ShortCircuit(left, op, binary.RightOperand);
            }

            var rightOperand = WithoutHoisting(() => ParseExpression(binary.RightOperand));
            return left is null || rightOperand is null ? null : new BinaryExpr(op, left, rightOperand, resultKind);
        }

        int mark = HoistMark();
        var right = ParseExpression(binary.RightOperand);
        left = Sequenced(left, mark);
        return left is null || right is null ? null : new BinaryExpr(op, left, right, resultKind);
    }

    /// <summary>The IR operator for a C# operator, if supported.</summary>
    private static BinaryOperator? BinaryOperatorOf(BinaryOperatorKind kind) => kind switch
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
            return Unsupported(DiagnosticDescriptors.UnsupportedExpression, unary, "compute with double values");
        }

        var kind = ClassifyValue(unary.Type);
        switch (unary.OperatorKind)
        {
            case UnaryOperatorKind.Plus:
                return ParseExpression(unary.Operand);
            case UnaryOperatorKind.Minus when kind is { } number && number.IsNumber():
                return ParseExpression(unary.Operand) is { } negated ? new UnaryExpr(UnaryOperator.Negate, negated, number) : null;
            case UnaryOperatorKind.Not when kind is ValueKind.Boolean:
                return ParseExpression(unary.Operand) is { } inverted ? new UnaryExpr(UnaryOperator.Not, inverted, ValueKind.Boolean) : null;
            default:
                return Unsupported(DiagnosticDescriptors.UnsupportedExpression, unary, "use unary - on numbers and ! on bools");
        }
    }

    private Expr? ParseConversion(IConversionOperation conversion)
    {
        var from = ClassifyValue(conversion.Operand.Type);
        var to = ClassifyValue(conversion.Type);
        if (from is null && to == ValueKind.Real && TypeClassifier.IsOtherNumber(conversion.Operand.Type) && conversion.OperatorMethod is null
            && conversion.Operand is IInvocationOperation numberCall && IsOpaqueCall(numberCall))
        {
            // (double)Factorial(k) of a ulong helper: the result goes straight into a double, which C# converts implicitly.
            return ParseOpaqueCall(numberCall, ValueKind.Real);
        }

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
                "only conversions between double, int, long, uint and ulong are supported; compute with double values");
        }

        var operand = ParseExpression(conversion.Operand);
        if (operand is null || from == to)
        {
            return operand;
        }

        // An integer to double rounds as C# does; double to an integer truncates and has derivative zero; between
        // integer types the cast is printed as written, so it wraps (or, in a checked context, throws) as the original does.
        return from.IsNumber() && to.IsNumber()
            ? new ConvertExpr(operand, to.Value)
            : Unsupported(DiagnosticDescriptors.UnsupportedExpression, conversion, "only conversions between double, int, long, uint and ulong are supported; compute with double values");
    }

    /// <summary>
    /// An index: an <c>int</c> as it is; a <c>long</c>, <c>uint</c> or <c>ulong</c> (C# indexes arrays with them) converted to
    /// <c>int</c> with an overflow check, since spans, which generated code indexes, take <c>int</c>. No valid index is
    /// changed; one outside <c>int</c>'s range throws <c>OverflowException</c> where the original throws
    /// <c>IndexOutOfRangeException</c>.
    /// </summary>
    private Expr? ParseElementIndex(IOperation index)
    {
        var kind = ClassifyValue(index.Type);
        if (!kind.IsInteger())
        {
            return Unsupported(DiagnosticDescriptors.UnsupportedExpression, index, "indices must be integer expressions; convert the index to int");
        }

        return ParseExpression(index) is { } parsed ? AsIndex(parsed) : null;
    }

    /// <summary>An integer of any kind as an <c>int</c> index (see <see cref="ParseElementIndex"/>).</summary>
    private static Expr AsIndex(Expr integer) =>
        integer.Kind == ValueKind.Integer ? integer : new ConvertExpr(integer, ValueKind.Integer, Checked: true);

    private Expr? ParseElement(IOperation operation, IOperation array, IOperation index)
    {
        if (!ClassifyValue(index.Type).IsInteger())
        {
            return Unsupported(DiagnosticDescriptors.UnsupportedExpression, index, "indices must be integer expressions; convert the index to int");
        }

        var arrayExpr = ParseExpression(array);
        var indexExpr = ParseElementIndex(index);
        if (arrayExpr is null || indexExpr is null)
        {
            return null;
        }

        return arrayExpr.Kind == ValueKind.RealArray
            ? Element(arrayExpr, indexExpr)
            : Unsupported(DiagnosticDescriptors.UnsupportedExpression, operation, "only elements of double arrays and spans can be read; copy the values into a double array");
    }

    private Expr? ParseMemberRead(IOperation operation, ISymbol member, IOperation? instance, ITypeSymbol type)
    {
        _membersRead.Add(member.OriginalDefinition);
        var kind = TypeClassifier.Classify(type) ?? ValueKind.Object;
        string typeName = member.ContainingType.ToDisplayString(TypeClassifier.QualifiedFormat);
        if (TypeClassifier.IsIntEnum(type))
        {
            // An enum field or property is data, read as an int.
            return ParseMemberRead(operation, member, instance, ((INamedTypeSymbol)type).EnumUnderlyingType!) is MemberExpr read
                ? new ConvertExpr(read with { MemberKind = ValueKind.Object }, ValueKind.Integer)
                : null;
        }

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

        return receiver is ThisExpr or MemberExpr or DataElementExpr || receiver is VariableExpr { Kind: ValueKind.Object }
            ? new MemberExpr(receiver, typeName, member.Name, kind)
            : Unsupported(DiagnosticDescriptors.UnsupportedExpression, operation, "read it in the caller and pass it in as a [Constant] parameter");
    }

    private Expr? ParseInvocation(IInvocationOperation invocation)
    {
        var target = invocation.TargetMethod;
        string display = target.ContainingType.Name + "." + target.Name;
        var declaringType = DeclaringTypeOf(target);
        if (declaringType == DeclaringTypes.Double && IsDoublePredicate(target))
        {
            return ParseDoublePredicate(invocation);
        }

        if (DerivativeRules.Function(target.Name, declaringType) is not { } function)
        {
            return IsOpaqueCall(invocation) ? ParseOpaqueCall(invocation) : ParseUserCall(invocation, display);
        }

        // The rule's shapes are what it differentiates; a call returning int is never differentiated.
        var resultKind = TypeClassifier.Classify(target.ReturnType);
        var parameterKinds = target.Parameters.Select(p => TypeClassifier.Classify(p.Type)).ToList();
        bool supportedShape = resultKind.IsNumber()
            && parameterKinds.All(k => k.IsNumber())
            && (resultKind.IsInteger() || function.Accepts(parameterKinds));
        if (!supportedShape)
        {
            return Unsupported(
                DiagnosticDescriptors.UnsupportedCall,
                invocation,
                $"this overload ({string.Join(", ", target.Parameters.Select(p => p.Type.ToDisplayString()))}) is not supported; call the overload that takes and returns double");
        }

        // Arguments are evaluated in the order they are written, and passed in the parameters' order.
        var written = InEvaluationOrder(invocation.Arguments);
        if (ParseInOrder(written.Select(a => a.Value).ToList()) is not { } values)
        {
            return null;
        }

        var arguments = written.Zip(values, (argument, value) => (Ordinal: argument.Parameter?.Ordinal ?? 0, Value: value))
            .OrderBy(a => a.Ordinal)
            .Select(a => a.Value);
        return new MathCallExpr(function, arguments.ToEquatableArray(), resultKind!.Value);
    }

    /// <summary><c>double.IsNaN(x)</c> and its kin: tests of a value, with no derivative (they are piecewise constant).</summary>
    private static bool IsDoublePredicate(IMethodSymbol method) =>
        method.Name is "IsNaN" or "IsInfinity" or "IsPositiveInfinity" or "IsNegativeInfinity" or "IsFinite"
        && method.Parameters.Length == 1 && method.Parameters[0].Type.SpecialType == SpecialType.System_Double
        && method.ReturnType.SpecialType == SpecialType.System_Boolean;

    /// <summary>
    /// The predicate as a comparison that reads the value once and means the same for every double, NaN and the
    /// infinities included: IsNaN(x) is !(x &gt;= -inf), IsInfinity(x) is |x| == inf, IsFinite(x) is |x| &lt; inf.
    /// </summary>
    private Expr? ParseDoublePredicate(IInvocationOperation invocation)
    {
        if (ParseExpression(invocation.Arguments[0].Value) is not { } value)
        {
            return null;
        }

        var infinity = LiteralExpr.Real(double.PositiveInfinity);
        Expr Compare(BinaryOperator op, Expr left, Expr right) => new BinaryExpr(op, left, right, ValueKind.Boolean);
        Expr Magnitude() => new MathCallExpr(DerivativeRules.Function("Abs", DeclaringTypes.Math)!, new[] { value }.ToEquatableArray(), ValueKind.Real);
        return invocation.TargetMethod.Name switch
        {
            "IsNaN" => new UnaryExpr(UnaryOperator.Not, Compare(BinaryOperator.GreaterOrEqual, value, LiteralExpr.Real(double.NegativeInfinity)), ValueKind.Boolean),
            "IsInfinity" => Compare(BinaryOperator.Equal, Magnitude(), infinity),
            "IsPositiveInfinity" => Compare(BinaryOperator.Equal, value, infinity),
            "IsNegativeInfinity" => Compare(BinaryOperator.Equal, value, LiteralExpr.Real(double.NegativeInfinity)),
            _ => Compare(BinaryOperator.Less, Magnitude(), infinity),
        };
    }

    private Expr? ParseUserCall(IInvocationOperation invocation, string display)
    {
        var resolved = _calls.Resolve(invocation, out var descriptor, out string? problem);
        if (resolved is null)
        {
            if (descriptor is null)
            {
                // A local function that cannot be a callee: reported once, at the local function.
                return null;
            }

            // A slice is an expression whatever it calls (README's table: a computed span as an argument); a plain call
            // is named as the construct it is (a LINQ call, a call to 'T.M'); the others name the callee.
            return ConstructNames.IsSlice(invocation)
                ? Unsupported(DiagnosticDescriptors.UnsupportedExpression, invocation, problem!)
                : descriptor == DiagnosticDescriptors.UnsupportedCall
                    ? Unsupported(descriptor, invocation, problem!)
                    : Unsupported(descriptor!, invocation, display, problem!);
        }

        // Arguments are evaluated in the order they are written, and passed in the parameters' order.
        var written = InEvaluationOrder(invocation.Arguments);
        // A slice is parsed as an argument only: there it is the same elements as the array, with the same adjoint.
        var parameterTypes = new Dictionary<IOperation, ITypeSymbol?>();
        foreach (var argument in written)
        {
            parameterTypes[WithoutSpanConversion(argument.Value)] = argument.Parameter?.Type;
        }

        if (ParseInOrder(
                written.Select(a => WithoutSpanConversion(a.Value)).ToList(),
                operand => IsSliceArgument(operand) ? ParseSliceArgument(operand, parameterTypes[operand]) : ParseExpression(operand)) is not { } values)
        {
            return null;
        }

        var arguments = new List<Expr>();
        foreach (var (argument, parsed) in written.Zip(values, (a, v) => (a, v)).OrderBy(p => p.a.Parameter?.Ordinal ?? 0))
        {
            if (AsEnumArgument(argument, parsed) is not { } value)
            {
                return null;
            }

            // A whole array: a parameter or local (differentiated), a static or instance table or a row of constant data
            // (constants); or a slice of one.
            if (value.Kind == ValueKind.RealArray && value is not (VariableExpr or MemberExpr or DataElementExpr or SliceExpr))
            {
                return Unsupported(DiagnosticDescriptors.UnsupportedExpression, argument.Value, "pass a whole array or span (a parameter, a local or a field) to a differentiable method");
            }

            if (argument.Parameter is { } arrayParameter && TypeClassifier.IsDoubleArray(arrayParameter.Type)
                && (value is SliceExpr || (value is VariableExpr { Kind: ValueKind.RealArray } span && !IsArrayObject(span.Name))))
            {
                // Part of an array, or a span naming part of one, is not a double[].
                return Unsupported(DiagnosticDescriptors.UnsupportedExpression, argument.Value, "span passed to a double[] parameter", "take the parameter as ReadOnlySpan<double>");
            }

            int ordinal = argument.Parameter?.Ordinal ?? arguments.Count;
            if (value.Kind is ValueKind.Real or ValueKind.RealArray && ordinal < resolved.Differentiable.Count && !resolved.Differentiable[ordinal])
            {
                _constantArguments.Add((value, argument.Syntax, invocation.TargetMethod.Name, argument.Parameter?.Name ?? "?"));
            }

            arguments.Add(value);
        }

        _differentiableCallees.Add(invocation.TargetMethod);
        string pullback = resolved.IsCustom ? resolved.Derivatives : resolved.Derivatives + GeneratedNames.Pullback;
        return new DifferentiableCallExpr(
            resolved.Callee, pullback, arguments.ToEquatableArray(), resolved.Differentiable, resolved.DirectionalDerivative, resolved.PullbackTangent);
    }

    /// <summary>
    /// An argument as the callee takes it. The IR reads an int-backed enum as its int value, which a parameter of the
    /// enum type does not accept (CS1503), so where the callee takes the enum itself the call passes the enum parameter
    /// or the enum member as written; any other enum expression is reported. Other arguments pass through.
    /// </summary>
    private Expr? AsEnumArgument(IArgumentOperation argument, Expr value)
    {
        if (!TypeClassifier.IsIntEnum(argument.Parameter?.Type))
        {
            return value;
        }

        return (value, argument.Value) switch
        {
            (ConvertExpr { Operand: VariableExpr { Kind: ValueKind.Object } enumParameter }, _) => enumParameter,
            (_, IFieldReferenceOperation { Field: { IsConst: true } member }) =>
                new MemberExpr(null, member.ContainingType.ToDisplayString(TypeClassifier.QualifiedFormat), member.Name, ValueKind.Object),
            _ => Unsupported(
                DiagnosticDescriptors.UnsupportedExpression,
                argument.Value,
                "this enum argument",
                "pass an enum parameter or a member of the enum ('Mode.Fast') to a method that takes an enum"),
        };
    }

    /// <summary>Arguments in the order C# evaluates them: as written (named ones may be out of order), defaults last.</summary>
    private static List<IArgumentOperation> InEvaluationOrder(IEnumerable<IArgumentOperation> arguments) =>
        arguments.OrderBy(a => a.ArgumentKind == ArgumentKind.DefaultValue ? 1 : 0).ThenBy(a => a.Syntax.SpanStart).ToList();

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
}
