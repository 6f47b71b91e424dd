using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Reverse mode (adjoint) differentiation: builds <c>{Name}Gradient</c> from a parsed method. The forward sweep is
/// the method in single-assignment, three-address form; the reverse sweep walks it backwards, accumulating into
/// each operand's adjoint its partial derivative times the adjoint of the result.
/// </summary>
internal sealed class ReverseModeTransform
{
    private readonly MethodModel _method;
    private readonly NameAllocator _names;
    private readonly Dictionary<string, string> _gradientOutputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _adjointNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _declaredAdjoints = new(StringComparer.Ordinal);
    private ActivityAnalysis _activity = null!;

    private ReverseModeTransform(MethodModel method)
    {
        _method = method;
        _names = new NameAllocator(method.ReservedNames.Concat(method.Parameters.Select(p => p.Name)));
    }

    public static GeneratedMethod Apply(MethodModel method) => new ReverseModeTransform(method).Build();

    /// <summary>The name of the gradient output of each differentiable parameter, in order.</summary>
    public static string GradientOutputName(ParameterModel parameter, int differentiableCount, NameAllocator names) =>
        names.Fresh(differentiableCount == 1 ? "gradient" : parameter.Name + "Gradient");

    private IEnumerable<ParameterModel> Differentiable => _method.Parameters.Where(p => p.Role == ParameterRole.Differentiable);

    private GeneratedMethod Build()
    {
        int count = Differentiable.Count();
        foreach (var parameter in Differentiable)
        {
            _gradientOutputs[parameter.Name] = GradientOutputName(parameter, count, _names);
        }

        var forward = ThreeAddressForm.Apply(SingleAssignmentForm.Apply(_method.Body, _names), _names);
        _activity = ActivityAnalysis.Analyze(Differentiable.Select(p => p.Name), forward);

        var body = new List<Statement>();
        AddArgumentChecks(body);
        body.Add(new CommentStatement("Forward sweep: the original computation, every intermediate in its own local."));
        var returned = (ReturnStatement)forward[forward.Count - 1];
        body.AddRange(forward.Take(forward.Count - 1));

        body.Add(new CommentStatement("Reverse sweep: adjoints (d value / d local) from the result back to the inputs."));
        foreach (var parameter in Differentiable.Where(p => p.Kind == ValueKind.RealArray))
        {
            body.Add(new ClearStatement(_gradientOutputs[parameter.Name]));
        }

        AccumulateInto(returned.Value, Real(1.0), body);
        for (int i = forward.Count - 2; i >= 0; i--)
        {
            if (forward[i] is AssignStatement { TargetKind: ValueKind.Real } assign)
            {
                AddAdjointOf(assign, body);
            }
        }

        foreach (var parameter in Differentiable.Where(p => p.Kind == ValueKind.Real))
        {
            Expr adjoint = _declaredAdjoints.Contains(parameter.Name)
                ? new VariableExpr(AdjointName(parameter.Name), ValueKind.Real)
                : Real(0.0);
            body.Add(new AssignStatement(_gradientOutputs[parameter.Name], ValueKind.Real, adjoint, Declare: false));
        }

        body.Add(returned);
        return new GeneratedMethod(
            _method.Name + "Gradient",
            _method.Accessibility,
            _method.IsStatic,
            $"Computes <c>{_method.Name}</c> and its gradient by reverse-mode differentiation; returns the value. " +
            "Gradient outputs are overwritten, one per differentiable parameter, in order.",
            Signature().ToEquatableArray(),
            body.ToEquatableArray());
    }

    private IEnumerable<GeneratedParameter> Signature()
    {
        foreach (var parameter in _method.Parameters)
        {
            yield return new GeneratedParameter(parameter.Name, parameter.TypeText, string.Empty);
        }

        foreach (var parameter in Differentiable)
        {
            yield return parameter.Kind == ValueKind.Real
                ? new GeneratedParameter(_gradientOutputs[parameter.Name], "double", "out")
                : new GeneratedParameter(_gradientOutputs[parameter.Name], "global::System.Span<double>", string.Empty);
        }
    }

    private void AddArgumentChecks(List<Statement> body)
    {
        foreach (var parameter in Differentiable.Where(p => p.Kind == ValueKind.RealArray))
        {
            if (parameter.IsArray)
            {
                body.Add(new NullCheckStatement(parameter.Name));
            }

            body.Add(new LengthCheckStatement(_gradientOutputs[parameter.Name], parameter.Name));
        }
    }

    /// <summary>The reverse of <c>target = value</c>: value's operands receive target's adjoint times their partials.</summary>
    private void AddAdjointOf(AssignStatement assign, List<Statement> body)
    {
        if (!_activity.IsVariedVariable(assign.Target) || !_declaredAdjoints.Contains(assign.Target))
        {
            // Not varied, or nothing read it on the way to the result: its adjoint is zero.
            return;
        }

        Expr seed = new VariableExpr(AdjointName(assign.Target), ValueKind.Real);
        Expr result = new VariableExpr(assign.Target, ValueKind.Real);
        foreach (var (operand, contribution) in Contributions(assign.Value, result, seed))
        {
            AccumulateInto(operand, contribution, body);
        }
    }

    private IEnumerable<(Expr Operand, Expr Contribution)> Contributions(Expr value, Expr result, Expr seed)
    {
        switch (value)
        {
            case UnaryExpr { Operator: UnaryOperator.Negate } negate:
                yield return (negate.Operand, Negate(seed));
                break;
            case BinaryExpr { Operator: BinaryOperator.Add } add:
                yield return (add.Left, seed);
                yield return (add.Right, seed);
                break;
            case BinaryExpr { Operator: BinaryOperator.Subtract } subtract:
                yield return (subtract.Left, seed);
                yield return (subtract.Right, Negate(seed));
                break;
            case BinaryExpr { Operator: BinaryOperator.Multiply } multiply when multiply.Left == multiply.Right:
                // u * u: one accumulation of 2 u instead of two of u (exact: doubling is exact in floating point).
                yield return (multiply.Left, Multiply(Multiply(Real(2.0), seed), multiply.Left));
                break;
            case BinaryExpr { Operator: BinaryOperator.Multiply } multiply:
                yield return (multiply.Left, Multiply(seed, multiply.Right));
                yield return (multiply.Right, Multiply(seed, multiply.Left));
                break;
            case BinaryExpr { Operator: BinaryOperator.Divide } divide:
                // r = u / w: dr/du = 1 / w, dr/dw = -r / w.
                yield return (divide.Left, Divide(seed, divide.Right));
                yield return (divide.Right, Negate(Divide(Multiply(seed, result), divide.Right)));
                break;
            case CallExpr call:
                foreach (var (argument, contribution) in MathDerivatives.Contributions(call, result, seed))
                {
                    yield return (call.Arguments[argument], contribution);
                }

                break;
            case ConditionalExpr conditional:
                yield return (conditional.WhenTrue, Choose(conditional.Condition, seed, Real(0.0)));
                yield return (conditional.WhenFalse, Choose(conditional.Condition, Real(0.0), seed));
                break;
            default:
                if (!ThreeAddressForm.IsAtom(value))
                {
                    throw new InvalidOperationException("The reverse sweep has no rule for " + value.GetType().Name);
                }

                // A copy: the operand receives the whole adjoint.
                yield return (value, seed);
                break;
        }
    }

    /// <summary>Adds <paramref name="contribution"/> to the adjoint of <paramref name="operand"/>, if it has one.</summary>
    private void AccumulateInto(Expr operand, Expr contribution, List<Statement> body)
    {
        if (!_activity.IsVaried(operand))
        {
            return;
        }

        switch (operand)
        {
            case VariableExpr variable:
                string adjoint = AdjointName(variable.Name);
                body.Add(_declaredAdjoints.Add(variable.Name)
                    ? new AssignStatement(adjoint, ValueKind.Real, contribution, Declare: true)
                    : new AccumulateStatement(adjoint, contribution));
                break;
            case ElementExpr { Array: VariableExpr array } element when _gradientOutputs.TryGetValue(array.Name, out string? output):
                body.Add(new ElementAccumulateStatement(output, element.Index, contribution));
                break;
            default:
                throw new InvalidOperationException("No adjoint for operand " + operand.GetType().Name);
        }
    }

    private string AdjointName(string variable)
    {
        if (!_adjointNames.TryGetValue(variable, out string? name))
        {
            name = _names.Fresh(variable + "_bar");
            _adjointNames.Add(variable, name);
        }

        return name;
    }
}
