using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// The members of a <c>void</c> method F(x, ..., r) that writes a vector result into its output span r (a function
/// R^n -&gt; R^m, m = r.Length), built from the scalar machinery rather than beside it:
/// <list type="bullet">
/// <item><c>{Name}JacobianVectorProduct(inputs..., v, r, jv)</c>: forward mode over the method itself, the output's
/// tangent being <c>jv</c>, so r = F(x) and jv = J v in one sweep.</item>
/// <item><c>{Name}VectorJacobianProduct(inputs..., u, gradient)</c>: the gradient of the scalar u . F(x). The method is
/// rewritten so that r is scratch from the tape of length u.Length and every exit returns sum_k u[k] r[k]; reverse mode
/// of that is u^T J (Griewank and Walther, "Evaluating Derivatives", 2nd ed., section 3.2: a reverse sweep seeded with
/// the output adjoints u).</item>
/// <item><c>{Name}Jacobian(inputs..., r, jacobian)</c>, for a method with one differentiable vector x: the dense m x n
/// Jacobian, row-major, by n Jacobian-vector products with the unit vectors when n &lt;= m (forward mode over the
/// inputs), else by m vector-Jacobian products (reverse mode over the outputs); r gets F(x).</item>
/// </list>
/// An in-place method (a void method that updates a <c>double[]</c> parameter a) comes here as the function from a's
/// values at entry to its values at exit: the parser gives it an output <c>aResult</c> that every exit copies a's
/// working copy into (see <c>BodyParser.InPlaceResult</c>), so only the checks that the output, the weights and the
/// Jacobian have a's length are its own.
/// </summary>
internal static class VectorOutputMethods
{
    private const string ReadOnlySpan = KnownTypes.ReadOnlySpanOfDouble;
    private const string Span = KnownTypes.SpanOfDouble;

    public static IEnumerable<GeneratedMethod> Build(MethodModel method, DifferentiationOptions options)
    {
        var output = method.Output ?? throw new InvalidOperationException(method.Name + " has no vector output");
        var jacobianVectorProduct = JacobianVectorProduct(method, output, options);
        yield return jacobianVectorProduct;
        var vectorJacobianProduct = VectorJacobianProduct(method, output, options);
        yield return vectorJacobianProduct;
        var differentiable = method.Parameters.Where(p => p.Role == ParameterRole.Differentiable).ToList();
        if (differentiable.Count == 1 && differentiable[0].Kind == ValueKind.RealArray)
        {
            var jacobian = Jacobian(method, output, differentiable[0], jacobianVectorProduct, vectorJacobianProduct);
            yield return jacobian;
            yield return JacobianWithoutValues(method, output, differentiable[0], jacobian);
        }
    }

    private static GeneratedMethod JacobianVectorProduct(MethodModel method, ParameterModel output, DifferentiationOptions options)
    {
        var normalized = NormalizedMethod.Create(method, options);
        var names = normalized.NewNames();
        var differentiable = normalized.Differentiable.ToList();
        var directions = differentiable.ToDictionary(
            p => p.Name, p => names.Fresh(differentiable.Count == 1 ? "v" : p.Name + "Direction"), StringComparer.Ordinal);
        string product = names.Fresh("jv");

        // The output's tangent is the product: each write r[i] = e becomes jv[i] = (tangent of e); r[i] = F_i(x) still.
        var tangents = new Dictionary<string, string>(directions, StringComparer.Ordinal) { [output.Name] = product };
        var forward = new ForwardModeTransform(names, tangents, normalized.Tape, returnTangentOutput: null);
        var program = WithoutResult(forward.Apply(normalized.PrimalProgram()), normalized.Result);
        program.Insert(0, new ClearStatement(product));

        var body = new List<Statement>();
        ArgumentChecks.AddLengthChecks(body, method, directions);
        body.AddRange(ResultLengthCheck(output));
        body.Add(new LengthCheckStatement(product, output.Name));
        AddOverlapChecks(body, method, written: new[] { output.Name, product }, alsoRead: differentiable.Where(p => p.Kind == ValueKind.RealArray).Select(p => directions[p.Name]));
        body.AddRange(ForwardModeMethods.WithTape(program, forward.UsesTape, normalized.Tape, names));

        var parameters = Inputs(method);
        parameters.AddRange(differentiable.Select(p => new GeneratedParameter(directions[p.Name], p.Kind == ValueKind.Real ? "double" : ReadOnlySpan, string.Empty)));
        parameters.Add(new GeneratedParameter(output.Name, Span, string.Empty));
        parameters.Add(new GeneratedParameter(product, Span, string.Empty));
        return new GeneratedMethod(
            method.Name + GeneratedNames.JacobianVectorProduct,
            method.Accessibility,
            method.IsStatic,
            $"Computes <c>{method.Name}</c> into <paramref name=\"{output.Name}\"/> and, by forward-mode differentiation, the product "
            + $"of its Jacobian with the given direction (one direction per differentiable parameter) into <paramref name=\"{product}\"/>.",
            parameters.ToEquatableArray(),
            body.ToEquatableArray(),
            ReturnType: "void");
    }

    private static GeneratedMethod VectorJacobianProduct(MethodModel method, ParameterModel output, DifferentiationOptions options)
    {
        var names = new NameAllocator(method.ReservedNames.Concat(method.Parameters.Select(p => p.Name)));
        string weights = names.Fresh("u");
        var locals = new List<DeclareStatement>(method.Locals) { new(output.Name, ValueKind.RealArray, LocalArrayKind.Tape) };
        var body = new List<Statement>
        {
            new ArrayCreateStatement(output.Name, Length(weights), LocalArrayKind.Tape),
        };
        body.AddRange(ReturnWeightedSum(method.Body, output.Name, weights, names, locals));

        // The scalar u . F(x): inputs and weights as parameters, the output a local array.
        var parameters = method.Parameters.Where(p => p.Role != ParameterRole.Output).ToList();
        parameters.Add(new ParameterModel(weights, ReadOnlySpan, ValueKind.RealArray, ParameterRole.Constant, IsArray: false));
        var scalar = method with
        {
            Parameters = parameters.ToEquatableArray(),
            Locals = locals.ToEquatableArray(),
            Body = body.ToEquatableArray(),
            ReservedNames = method.ReservedNames.Concat(names.Taken).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray(),
        };
        var gradient = ReverseModeTransform.CreateForGradient(NormalizedMethod.Create(scalar, options)).Build();
        if (output.InPlaceOf is { } array)
        {
            // m is the array's length: the weights must have it (after the null checks, which come first).
            var checks = gradient.Body.ToList();
            checks.Insert(checks.TakeWhile(s => s is NullCheckStatement).Count(), new LengthCheckStatement(weights, array));
            gradient = gradient with { Body = checks.ToEquatableArray() };
        }

        return gradient with
        {
            Name = method.Name + GeneratedNames.VectorJacobianProduct,
            Summary = $"Computes the product u^T J of the weights <paramref name=\"{weights}\"/> (one per output: its length is the "
                + $"output's) with the Jacobian of <c>{method.Name}</c>, by reverse-mode differentiation, into the outputs (overwritten, "
                + "one per differentiable parameter, in order); returns u . F. The output values themselves are not returned.",
        };
    }

    /// <summary>
    /// <paramref name="statements"/> with each <c>return</c> (a void method's exit) replaced by
    /// <c>sum = 0; for (k = 0; k &lt; u.Length; k++) sum += u[k] * r[k]; return sum;</c>, fresh locals per exit.
    /// </summary>
    private static IEnumerable<Statement> ReturnWeightedSum(
        IEnumerable<Statement> statements, string output, string weights, NameAllocator names, List<DeclareStatement> locals)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case ReturnStatement:
                {
                    string sum = names.Fresh("weightedSum"), k = names.Fresh("k");
                    locals.Add(new DeclareStatement(sum, ValueKind.Real));
                    locals.Add(new DeclareStatement(k, ValueKind.Integer));
                    var index = new VariableExpr(k, ValueKind.Integer);
                    var term = Multiply(new ElementExpr(Array(weights), index), new ElementExpr(Array(output), index));
                    yield return new AssignStatement(sum, ValueKind.Real, Real(0.0), Declare: false);
                    yield return new AssignStatement(k, ValueKind.Integer, Integer(0), Declare: false);
                    yield return new LoopStatement(
                        new BinaryExpr(BinaryOperator.Less, index, Length(weights), ValueKind.Boolean),
                        TestFirst: true,
                        new Statement[] { new AssignStatement(sum, ValueKind.Real, Add(new VariableExpr(sum, ValueKind.Real), term), Declare: false) }.ToEquatableArray(),
                        new Statement[] { Increment(k) }.ToEquatableArray(),
                        k,
                        Step: 1);
                    yield return new ReturnStatement(new VariableExpr(sum, ValueKind.Real));
                    break;
                }

                default:
                    yield return StatementTree.WithChildLists(statement, list => ReturnWeightedSum(list, output, weights, names, locals));
                    break;
            }
        }
    }

    /// <summary>
    /// The dense Jacobian by columns (forward) or rows (reverse), whichever takes fewer sweeps; scratch vectors come
    /// from the tape, so a call allocates nothing once the tape has grown.
    /// </summary>
    private static GeneratedMethod Jacobian(
        MethodModel method, ParameterModel output, ParameterModel input, GeneratedMethod jacobianVectorProduct, GeneratedMethod vectorJacobianProduct)
    {
        var names = new NameAllocator(method.ReservedNames.Concat(method.Parameters.Select(p => p.Name)));
        string jacobian = names.Fresh("jacobian"), tape = names.Fresh("tape"), i = names.Fresh("i"), j = names.Fresh("j");
        string direction = names.Fresh("direction"), column = names.Fresh("column"), weights = names.Fresh("weights"), row = names.Fresh("row");
        var n = Length(input.Name);
        var m = Length(output.Name);
        var inputs = method.Parameters.Where(p => p.Role != ParameterRole.Output).Select(p => new CallArgument(new VariableExpr(p.Name, p.Kind))).ToList();

        // jacobian[i * n + j] = source[k] for k (the loop's counter) over the column or row just computed.
        Statement[] CopyInto(string counter, Expr count, string source) => CountingLoop(counter, count, new Statement[]
        {
            new ElementAssignStatement(
                jacobian,
                new BinaryExpr(BinaryOperator.Add, new BinaryExpr(BinaryOperator.Multiply, Int(i), n, ValueKind.Integer), Int(j), ValueKind.Integer),
                new ElementExpr(Array(source), Int(counter))),
        });

        var byColumns = new List<Statement>
        {
            new AssignStatement(direction, ValueKind.RealArray, new TapeSpanExpr(tape, n), Declare: true),
            new AssignStatement(column, ValueKind.RealArray, new TapeSpanExpr(tape, m), Declare: true),
        };
        byColumns.AddRange(CountingLoop(j, n, new Statement[]
        {
            new ElementAssignStatement(direction, Int(j), Real(1.0)),
            new CallStatement(new EmittedCallExpr(jacobianVectorProduct.Name, inputs
                .Concat(new[] { Argument(direction), Argument(output.Name), Argument(column) }).ToEquatableArray())),
            new ElementAssignStatement(direction, Int(j), Real(0.0)),
        }.Concat(CopyInto(i, m, column))));
        var byRows = new List<Statement>
        {
            new AssignStatement(weights, ValueKind.RealArray, new TapeSpanExpr(tape, m), Declare: true),
            new AssignStatement(row, ValueKind.RealArray, new TapeSpanExpr(tape, n), Declare: true),
        };
        byRows.AddRange(CountingLoop(i, m, new Statement[]
        {
            new ElementAssignStatement(weights, Int(i), Real(1.0)),
            new CallStatement(new EmittedCallExpr(vectorJacobianProduct.Name, inputs
                .Concat(new[] { Argument(weights), Argument(row) }).ToEquatableArray())),
            new ElementAssignStatement(weights, Int(i), Real(0.0)),
        }.Concat(CopyInto(j, n, row))));

        // The products by columns write the values; by rows they do not, so the method runs once more (as it must
        // when there are no columns at all).
        var inner = new List<Statement>
        {
            new AssignStatement(i, ValueKind.Integer, Integer(0), Declare: true),
            new AssignStatement(j, ValueKind.Integer, Integer(0), Declare: true),
        };
        if (output.InPlaceOf is not null)
        {
            // An in-place method has m = n: by columns, which write the values (none when n = 0). (The method itself could
            // not run on the output: it writes into its array.)
            inner.AddRange(byColumns);
        }
        else
        {
            var values = new CallStatement(new EmittedCallExpr(
                Emit.Identifiers.Escape(method.Name),
                method.Parameters.Select(p => new CallArgument(new VariableExpr(p.Name, p.Kind))).ToEquatableArray()));
            byColumns.Insert(0, new IfStatement(
                new BinaryExpr(BinaryOperator.Equal, n, Integer(0), ValueKind.Boolean),
                new Statement[] { values }.ToEquatableArray(),
                EquatableArray<Statement>.Empty));
            byRows.Insert(0, values);

            // n <= m: by columns, else by rows.
            inner.Add(new IfStatement(
                new BinaryExpr(BinaryOperator.LessOrEqual, n, m, ValueKind.Boolean),
                byColumns.ToEquatableArray(),
                byRows.ToEquatableArray()));
        }

        var body = new List<Statement>();
        if (input.IsArray)
        {
            body.Add(new NullCheckStatement(input.Name));
        }

        body.AddRange(ResultLengthCheck(output));
        body.Add(new MatrixShapeCheckStatement(jacobian, output.Name, input.Name));
        AddOverlapChecks(body, method, written: new[] { output.Name, jacobian }, alsoRead: Enumerable.Empty<string>());
        body.Add(new TapeScopeStatement(tape, names.Fresh("tapeMark"), inner.ToEquatableArray()));

        var parameters = Inputs(method);
        parameters.Add(new GeneratedParameter(output.Name, Span, string.Empty));
        parameters.Add(new GeneratedParameter(jacobian, Span, string.Empty));
        return new GeneratedMethod(
            method.Name + GeneratedNames.Jacobian,
            method.Accessibility,
            method.IsStatic,
            $"Computes <c>{method.Name}</c> into <paramref name=\"{output.Name}\"/> (m values) and its Jacobian with respect to "
            + $"<paramref name=\"{input.Name}\"/> (n inputs) into <paramref name=\"{jacobian}\"/>, m x n row-major: by n forward-mode "
            + "Jacobian-vector products when n &lt;= m, else by m reverse-mode vector-Jacobian products.",
            parameters.ToEquatableArray(),
            body.ToEquatableArray(),
            ReturnType: "void");
    }

    /// <summary>
    /// <c>{Name}Jacobian(inputs..., jacobian)</c>: the Jacobian alone, m read from its length, the values in scratch. With
    /// the constants bound it has the shape of the solvers' Jacobian delegate (a method group when there are none).
    /// </summary>
    private static GeneratedMethod JacobianWithoutValues(MethodModel method, ParameterModel output, ParameterModel input, GeneratedMethod full)
    {
        string jacobian = full.Parameters[full.Parameters.Count - 1].Name;
        var names = new NameAllocator(method.ReservedNames.Concat(method.Parameters.Select(p => p.Name)).Append(jacobian));
        string tape = names.Fresh("tape");
        var columns = Length(input.Name);
        // An in-place method's m is its array's length (also when that is 0, where the quotient would divide by it).
        Expr rows = output.InPlaceOf is null ? new BinaryExpr(BinaryOperator.Divide, Length(jacobian), columns, ValueKind.Integer) : columns;
        var arguments = method.Parameters.Where(p => p.Role != ParameterRole.Output).Select(p => new CallArgument(new VariableExpr(p.Name, p.Kind)))
            .Concat(new[] { Argument(output.Name), Argument(jacobian) });
        var inner = new Statement[]
        {
            new AssignStatement(output.Name, ValueKind.RealArray, new TapeSpanExpr(tape, rows), Declare: true),
            new CallStatement(new EmittedCallExpr(full.Name, arguments.ToEquatableArray())),
        };

        var body = new List<Statement>();
        if (input.IsArray)
        {
            body.Add(new NullCheckStatement(input.Name));
        }

        // An in-place method has as many outputs as its array has elements (its only differentiable parameter here).
        body.Add(output.InPlaceOf is null ? new MatrixColumnsCheckStatement(jacobian, input.Name) : new MatrixShapeCheckStatement(jacobian, input.Name, input.Name));
        AddOverlapChecks(body, method, written: new[] { jacobian }, alsoRead: Enumerable.Empty<string>());
        body.Add(new TapeScopeStatement(tape, names.Fresh("tapeMark"), inner.ToEquatableArray()));

        var parameters = Inputs(method);
        parameters.Add(new GeneratedParameter(jacobian, Span, string.Empty));
        return new GeneratedMethod(
            full.Name,
            method.Accessibility,
            method.IsStatic,
            $"The Jacobian of <c>{method.Name}</c> alone (see the overload that also returns the values): m = "
            + (output.InPlaceOf is null ? $"<paramref name=\"{jacobian}\"/>.Length / " : string.Empty)
            + $"<paramref name=\"{input.Name}\"/>.Length rows, row-major.",
            parameters.ToEquatableArray(),
            body.ToEquatableArray(),
            ReturnType: "void");
    }

    /// <summary>An in-place method's output receives its array's final values, so it must have the array's length.</summary>
    private static IEnumerable<Statement> ResultLengthCheck(ParameterModel output) =>
        output.InPlaceOf is { } array ? new[] { new LengthCheckStatement(output.Name, array) } : Enumerable.Empty<Statement>();

    /// <summary>The method's parameters other than its output, in order.</summary>
    private static List<GeneratedParameter> Inputs(MethodModel method) =>
        ForwardModeMethods.Inputs(method with { Parameters = method.Parameters.Where(p => p.Role != ParameterRole.Output).ToEquatableArray() });

    /// <summary>
    /// One overlap check per written span against every span the method reads (its vector parameters,
    /// <paramref name="alsoRead"/>) and every span written before it.
    /// </summary>
    private static void AddOverlapChecks(List<Statement> body, MethodModel method, IReadOnlyList<string> written, IEnumerable<string> alsoRead)
    {
        var read = method.Parameters.Where(p => p.Kind == ValueKind.RealArray && p.Role != ParameterRole.Output).Select(p => p.Name).Concat(alsoRead).ToList();
        for (int w = 0; w < written.Count; w++)
        {
            foreach (string other in read.Concat(written.Take(w)))
            {
                body.Add(new OverlapCheckStatement(written[w], other));
            }
        }
    }

    /// <summary>
    /// The forward program of a void method without its result local: every exit assigns it 0 and nothing reads it, and
    /// a local only ever assigned a constant would warn (CS0219) in the user's build.
    /// </summary>
    private static List<Statement> WithoutResult(IEnumerable<Statement> statements, string result)
    {
        var kept = new List<Statement>();
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case DeclareStatement declare when declare.Name == result:
                case AssignStatement assign when assign.Target == result:
                case ReturnStatement:
                    break;
                default:
                    kept.Add(StatementTree.WithChildLists(statement, list => WithoutResult(list, result)));
                    break;
            }
        }

        return kept;
    }

    /// <summary><c>counter = 0; while (counter &lt; count) { body; counter = counter + 1; }</c></summary>
    private static Statement[] CountingLoop(string counter, Expr count, IEnumerable<Statement> body) => new Statement[]
    {
        new AssignStatement(counter, ValueKind.Integer, Integer(0), Declare: false),
        new LoopStatement(
            new BinaryExpr(BinaryOperator.Less, Int(counter), count, ValueKind.Boolean),
            TestFirst: true,
            body.ToEquatableArray(),
            new Statement[] { Increment(counter) }.ToEquatableArray(),
            counter,
            Step: 1),
    };

    private static Statement Increment(string counter) =>
        new AssignStatement(counter, ValueKind.Integer, new BinaryExpr(BinaryOperator.Add, Int(counter), Integer(1), ValueKind.Integer), Declare: false);

    private static VariableExpr Array(string name) => new(name, ValueKind.RealArray);

    private static VariableExpr Int(string name) => new(name, ValueKind.Integer);

    private static LiteralExpr Integer(int value) => new(value, ValueKind.Integer);

    private static LengthExpr Length(string array) => new(Array(array));

    private static CallArgument Argument(string name) => new(Array(name));
}
