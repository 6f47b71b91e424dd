using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// The forward-mode members of a method: <c>{Name}DirectionalDerivative</c> (tangent of the method),
/// <c>{Name}PullbackTangent</c> (tangent of its pullback, for composition) and <c>{Name}HessianVectorProduct</c>
/// (tangent of its gradient: forward over reverse), and the dense Hessian on top of it.
/// </summary>
internal static class ForwardModeMethods
{
    private const string ReadOnlySpan = KnownTypes.ReadOnlySpanOfDouble;
    private const string Span = KnownTypes.SpanOfDouble;

    public static GeneratedMethod DirectionalDerivative(NormalizedMethod normalized)
    {
        var method = normalized.Method;
        var names = normalized.NewNames();
        var differentiable = normalized.Differentiable.ToList();
        var directions = differentiable.ToDictionary(
            p => p.Name, p => names.Fresh(differentiable.Count == 1 ? "direction" : p.Name + "Direction"), StringComparer.Ordinal);
        string derivative = names.Fresh("derivative");

        var forward = new ForwardModeTransform(names, directions, normalized.Tape, derivative);
        var program = forward.Apply(normalized.PrimalProgram());

        var body = new List<Statement>();
        ArgumentChecks.AddLengthChecks(body, method, directions);
        body.AddRange(WithTape(program, forward.UsesTape, normalized.Tape, names));

        var parameters = Inputs(method);
        parameters.AddRange(differentiable.Select(p => new GeneratedParameter(directions[p.Name], p.Kind == ValueKind.Real ? "double" : ReadOnlySpan, string.Empty)));
        parameters.Add(new GeneratedParameter(derivative, "double", "out"));
        return new GeneratedMethod(
            method.Name + GeneratedNames.DirectionalDerivative,
            method.Accessibility,
            method.IsStatic,
            $"Computes <c>{method.Name}</c> and, by forward-mode differentiation, its derivative along the given direction "
            + "(one direction per differentiable parameter); returns the value.",
            parameters.ToEquatableArray(),
            body.ToEquatableArray());
    }

    public static GeneratedMethod PullbackTangent(ReverseModeTransform reverse, GeneratedMethod pullback)
    {
        var method = reverse.Method;
        var names = reverse.Names;
        var differentiable = reverse.Differentiable.ToList();
        var inputTangents = differentiable.ToDictionary(p => p.Name, p => names.Fresh(p.Name + "Tangent"), StringComparer.Ordinal);
        string seedTangent = names.Fresh(reverse.Seed + "Tangent");
        var adjointTangents = differentiable.ToDictionary(
            p => reverse.AdjointOutputs[p.Name], p => names.Fresh(reverse.AdjointOutputs[p.Name] + "Tangent"), StringComparer.Ordinal);

        var tangents = new Dictionary<string, string>(inputTangents, StringComparer.Ordinal) { [reverse.Seed] = seedTangent };
        foreach (var adjoint in adjointTangents)
        {
            tangents[adjoint.Key] = adjoint.Value;
        }

        var forward = new ForwardModeTransform(names, tangents, reverse.Tape, returnTangentOutput: null);
        var program = forward.Apply(pullback.Body.Items.Where(statement => statement is not ArgumentCheckStatement).ToList());

        var body = new List<Statement>();
        ArgumentChecks.AddLengthChecks(body, method, inputTangents);
        ArgumentChecks.AddLengthChecks(body, method, differentiable.ToDictionary(p => p.Name, p => adjointTangents[reverse.AdjointOutputs[p.Name]], StringComparer.Ordinal), nullChecks: false);
        var adjoints = differentiable.ToDictionary(p => p.Name, p => reverse.AdjointOutputs[p.Name], StringComparer.Ordinal);
        ArgumentChecks.AddLengthChecks(body, method, adjoints, nullChecks: false);
        var adjointTangentsByParameter = differentiable.ToDictionary(p => p.Name, p => adjointTangents[reverse.AdjointOutputs[p.Name]], StringComparer.Ordinal);
        ArgumentChecks.AddOverlapChecks(body, method, new[] { adjoints, adjointTangentsByParameter, inputTangents }, outputs: 2, accumulating: true);
        body.AddRange(WithTape(program, forward.UsesTape && !program.OfType<TapeScopeStatement>().Any(), reverse.Tape, names));

        var parameters = Inputs(method);
        parameters.AddRange(differentiable.Select(p => new GeneratedParameter(inputTangents[p.Name], p.Kind == ValueKind.Real ? "double" : ReadOnlySpan, string.Empty)));
        parameters.Add(new GeneratedParameter(reverse.Seed, "double", string.Empty));
        parameters.Add(new GeneratedParameter(seedTangent, "double", string.Empty));
        parameters.AddRange(differentiable.Select(p => Adjoint(reverse.AdjointOutputs[p.Name], p)));
        parameters.AddRange(differentiable.Select(p => Adjoint(adjointTangents[reverse.AdjointOutputs[p.Name]], p)));
        return new GeneratedMethod(
            method.Name + GeneratedNames.PullbackTangent,
            method.Accessibility,
            method.IsStatic,
            $"Forward-mode tangent of <c>{method.Name}Pullback</c>: also adds to each adjoint tangent the derivative of the "
            + "adjoint along the input tangents (and the seed's tangent). Used to compose Hessian-vector products.",
            parameters.ToEquatableArray(),
            body.ToEquatableArray());
    }

    /// <summary>
    /// <c>{Name}HessianVectorProduct</c>: forward mode applied to the generated gradient, whose seed is the constant 1,
    /// so no seed-tangent terms are generated and the JIT folds the seed away (a call of the pullback tangent with seed
    /// 1 and seed tangent 0 computed the terms of both). The gradient itself is not computed: its writes and whatever
    /// only they read are dropped (<see cref="DeadStores"/>).
    /// </summary>
    /// <param name="gradientTransform">The transform that built <paramref name="gradient"/> (its names and outputs).</param>
    /// <param name="gradient">The generated <c>{Name}Gradient</c>.</param>
    public static GeneratedMethod HessianVectorProduct(ReverseModeTransform gradientTransform, GeneratedMethod gradient)
    {
        var method = gradientTransform.Method;
        var names = gradientTransform.Names;
        var differentiable = gradientTransform.Differentiable.ToList();
        bool single = differentiable.Count == 1;
        var directions = differentiable.ToDictionary(p => p.Name, p => names.Fresh(single ? "v" : p.Name + "Direction"), StringComparer.Ordinal);
        var products = differentiable.ToDictionary(p => p.Name, p => names.Fresh(single ? "hv" : p.Name + "Product"), StringComparer.Ordinal);
        string tape = gradientTransform.Tape;

        // Inputs move along their directions; each gradient output's tangent is the product.
        var tangents = new Dictionary<string, string>(directions, StringComparer.Ordinal);
        foreach (var parameter in differentiable)
        {
            tangents[gradientTransform.AdjointOutputs[parameter.Name]] = products[parameter.Name];
        }

        // The gradient's argument checks concern its outputs, which are scratch here; its tape scope becomes ours.
        var gradientBody = gradient.Body.Items
            .Where(statement => statement is not ArgumentCheckStatement)
            .SelectMany(statement => statement is TapeScopeStatement scope ? scope.Body.Items : (IEnumerable<Statement>)new[] { statement })
            .ToList();
        var forward = new ForwardModeTransform(names, tangents, tape, returnTangentOutput: null);

        // A scalar gradient output is only zeroed and added to, at the top level; as a local it would warn (CS0219: a
        // local only assigned), so it lives in a one-element span, like the vector outputs in scratch from the tape.
        var scalarOutputs = new HashSet<string>(
            differentiable.Where(p => p.Kind == ValueKind.Real).Select(p => gradientTransform.AdjointOutputs[p.Name]),
            StringComparer.Ordinal);
        var first = new LiteralExpr(0, ValueKind.Integer);
        var program = forward.Apply(gradientBody).Select(statement => statement switch
        {
            AssignStatement assign when scalarOutputs.Contains(assign.Target) => new ElementAssignStatement(assign.Target, first, assign.Value),
            AccumulateStatement accumulate when scalarOutputs.Contains(accumulate.Target) => new ElementAccumulateStatement(accumulate.Target, first, accumulate.Value),
            _ => statement,
        }).ToList();

        // The gradient itself is not returned: its writes go, and with them what only they read, unless a callee's
        // pullback writes into it (then it stays, in scratch from the tape, read by nobody).
        var outputs = differentiable.Select(p => gradientTransform.AdjointOutputs[p.Name]).ToList();
        var lean = DeadStores.Remove(program, outputs);
        var inner = new List<Statement>();
        foreach (var parameter in differentiable)
        {
            if (lean is null)
            {
                string output = gradientTransform.AdjointOutputs[parameter.Name];
                Expr length = parameter.Kind == ValueKind.Real ? new LiteralExpr(1, ValueKind.Integer) : new LengthExpr(new VariableExpr(parameter.Name, ValueKind.RealArray));
                inner.Add(new AssignStatement(output, ValueKind.RealArray, new TapeSpanExpr(tape, length), Declare: true));
            }

            // Cleared here, not only where the forward sweep clears the gradient: a gradient that does not vary (a
            // linear F) has no tangent statements at all.
            inner.Add(parameter.Kind == ValueKind.Real
                ? new AssignStatement(products[parameter.Name], ValueKind.Real, Real(0.0), Declare: false)
                : new ClearStatement(products[parameter.Name]));
        }

        // The tangents of the gradient's own clears, at the top before anything writes the products, clear them again.
        var productArrays = new HashSet<string>(products.Values, StringComparer.Ordinal);
        inner.AddRange((lean ?? program).Where(statement => !(statement is ClearStatement clear && productArrays.Contains(clear.Array))));

        var body = new List<Statement>();
        ArgumentChecks.AddLengthChecks(body, method, directions);
        ArgumentChecks.AddLengthChecks(body, method, products, nullChecks: false);
        ArgumentChecks.AddOverlapChecks(body, method, new[] { products, directions }, outputs: 1);
        body.AddRange(WithTape(inner, UsesTape(inner), tape, names));

        var parameters = Inputs(method);
        parameters.AddRange(differentiable.Select(p => new GeneratedParameter(directions[p.Name], p.Kind == ValueKind.Real ? "double" : ReadOnlySpan, string.Empty)));
        parameters.AddRange(differentiable.Select(p => p.Kind == ValueKind.Real
            ? new GeneratedParameter(products[p.Name], "double", "out")
            : new GeneratedParameter(products[p.Name], Span, string.Empty)));
        return new GeneratedMethod(
            method.Name + GeneratedNames.HessianVectorProduct,
            method.Accessibility,
            method.IsStatic,
            $"Computes <c>{method.Name}</c> and the product of its Hessian with the given direction (forward over reverse, "
            + "exact to rounding); returns the value. Product outputs are overwritten, one per differentiable parameter.",
            parameters.ToEquatableArray(),
            body.ToEquatableArray());
    }

    /// <summary>The dense Hessian members, for a method of one <c>ReadOnlySpan&lt;double&gt;</c> parameter.</summary>
    public static IEnumerable<GeneratedMethod> DenseHessian(MethodModel method)
    {
        var x = method.Parameters[0];
        var names = new NameAllocator(new[] { x.Name });
        string hessian = names.Fresh("hessian");
        var hvp = new VariableExpr(method.Name + GeneratedNames.HessianVectorProduct, ValueKind.Object);
        var input = new CallArgument(new VariableExpr(x.Name, ValueKind.RealArray));

        yield return new GeneratedMethod(
            method.Name + GeneratedNames.Hessian,
            method.Accessibility,
            method.IsStatic,
            $"Computes <c>{method.Name}</c> and fills <paramref name=\"{hessian}\"/> (n x n, row-major) with its Hessian, "
            + "row i from the Hessian-vector product with e_i, symmetrised; returns the value. For small n.",
            new[] { new GeneratedParameter(x.Name, x.TypeText, string.Empty), new GeneratedParameter(hessian, Span, string.Empty) }.ToEquatableArray(),
            new Statement[]
            {
                new ReturnStatement(new EmittedCallExpr(
                    KnownTypes.DenseHessianFill,
                    new[] { input, new CallArgument(new VariableExpr(hessian, ValueKind.RealArray)), new CallArgument(hvp) }.ToEquatableArray())),
            }.ToEquatableArray());

        yield return new GeneratedMethod(
            method.Name + GeneratedNames.HessianMatrix,
            method.Accessibility,
            method.IsStatic,
            $"The Hessian of <c>{method.Name}</c> as a new MathNet matrix (see <c>{method.Name}Hessian</c>).",
            new[] { new GeneratedParameter(x.Name, x.TypeText, string.Empty) }.ToEquatableArray(),
            new Statement[]
            {
                new ReturnStatement(new EmittedCallExpr(
                    KnownTypes.DenseHessianMatrix,
                    new[] { input, new CallArgument(hvp) }.ToEquatableArray())),
            }.ToEquatableArray(),
            ReturnType: KnownTypes.MathNetMatrix);
    }

    internal static List<GeneratedParameter> Inputs(MethodModel method) =>
        method.Parameters.Select(p => new GeneratedParameter(p.Name, p.TypeText, p.Modifier)).ToList();

    private static GeneratedParameter Adjoint(string name, ParameterModel parameter) =>
        parameter.Kind == ValueKind.Real ? new GeneratedParameter(name, "double", "ref") : new GeneratedParameter(name, Span, string.Empty);

    /// <summary>Whether <paramref name="statements"/> push, pop or borrow from the tape.</summary>
    internal static bool UsesTape(IEnumerable<Statement> statements) => StatementTree.Descendants(statements).Any(statement => statement switch
    {
        PushStatement or PopStatement or ScratchScopeStatement or TapeScopeStatement => true,
        ArrayCreateStatement create => create.Kind == LocalArrayKind.Tape,
        AssignStatement assign => BorrowsFromTape(assign.Value),
        AccumulateStatement accumulate => BorrowsFromTape(accumulate.Value),
        ElementAssignStatement element => BorrowsFromTape(element.Value),
        ElementAccumulateStatement element => BorrowsFromTape(element.Value),
        CallStatement call => BorrowsFromTape(call.Call),
        ReturnStatement ret => BorrowsFromTape(ret.Value),
        _ => false,
    });

    private static bool BorrowsFromTape(Expr expression) => Mentions(expression, e => e is TapeSpanExpr);

    /// <summary>The program, inside a tape scope when it needs the tape and does not open one itself.</summary>
    internal static IEnumerable<Statement> WithTape(List<Statement> program, bool needsScope, string tape, NameAllocator names)
    {
        if (!needsScope)
        {
            return program;
        }

        // Argument checks stay outside the scope; everything else goes in.
        int firstInside = program.FindIndex(s => s is not ArgumentCheckStatement);
        var outside = program.Take(firstInside).ToList();
        outside.Add(new TapeScopeStatement(tape, names.Fresh("tapeMark"), program.Skip(firstInside).ToEquatableArray()));
        return outside;
    }
}
