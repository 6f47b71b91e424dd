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
internal sealed partial class BodyParser
{
    private readonly Dictionary<string, ParameterModel> _parameters;
    private readonly HashSet<string> _reservedNames;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;

    // Locals keep their written name unless another local of the same name (in a sibling block) already has it.
    private Dictionary<ILocalSymbol, string> _localNames = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _usedLocalNames = new(StringComparer.Ordinal);
    private readonly List<DeclareStatement> _locals = new();
    private readonly CallResolver _calls;
    private readonly int _firstLine;

    // The vector output a void method writes (the only parameter whose elements may be assigned), or null.
    private readonly string? _output;

    // Whether the method is void without a vector output, so that the first double[] parameter it writes into is its
    // in/out state (see ChooseInPlaceArray), and that choice once made.
    private readonly bool _inPlaceCandidate;
    private readonly EquatableArray<ParameterModel> _parameterOrder;
    private (string Array, string Copy, string Result)? _inPlace;

    // Scalar parameters the body assigns, and the local each is copied into (see CopyWrittenParameters).
    private readonly Dictionary<string, string> _parameterCopies = new(StringComparer.Ordinal);

    // The copies of ref parameters, and the parameter each one's new values are written through to (see WriteThrough).
    private readonly Dictionary<string, string> _refCopies = new(StringComparer.Ordinal);

    // Where statements that compute part of a long operator chain go (before the current statement), or null.
    private List<Statement>? _hoistTarget;

    // Real arguments passed to [Constant] parameters, checked once the whole body is known (ADG0015).
    private readonly List<(Expr Argument, SyntaxNode Syntax, string Callee, string Parameter)> _constantArguments = new();
    private int _loopDepth;

    /// <param name="firstLine">The method declaration's first line (0-based), which source-line comments count from.</param>
    public BodyParser(
        int firstLine,
        EquatableArray<ParameterModel> parameters,
        HashSet<string> reservedNames,
        CallResolver calls,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken,
        bool inPlaceCandidate = false)
    {
        _firstLine = firstLine;
        _inPlaceCandidate = inPlaceCandidate;
        _calls = calls;
        _parameters = parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _parameterOrder = parameters;
        _output = parameters.FirstOrDefault(p => p.Role == ParameterRole.Output)?.Name;
        if (_output is not null)
        {
            _writableArrays.Add(_output);
        }

        _reservedNames = reservedNames;
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Every local of the method (user locals and the parser's own), to be declared at the top.</summary>
    public EquatableArray<DeclareStatement> Locals => _locals.ToEquatableArray();

    /// <summary>
    /// For an in-place method (a void method without a <c>Span&lt;double&gt;</c> output that writes into a
    /// <c>double[]</c> parameter), the output that receives the array's final values: a parameter the method does not
    /// have, added to the model after its own. Null otherwise.
    /// </summary>
    public ParameterModel? InPlaceResult => _inPlace is { } inPlace
        ? new ParameterModel(inPlace.Result, KnownTypes.SpanOfDouble, ValueKind.RealArray, ParameterRole.Output, IsArray: false, InPlaceOf: inPlace.Array)
        : null;

    // Whether a void return ends the method's own computation (the method has a vector output, its own or in-place).
    private bool HasVectorResult => _output is not null || _inPlace is not null;

    public EquatableArray<Statement> ParseMethodBody(IOperation operation)
    {
        var statements = new List<Statement>();
        CopyWrittenParameters(operation, statements);
        CopyWrittenArrayParameters(operation, statements);
        ChooseInPlaceArray();
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

        if (HasVectorResult && EndPointIsReachable(operation))
        {
            // A void method's end is its last exit: every exit returns 0, the value of a method whose result is its output.
            AddVoidExit(statements);
        }

        ReportActiveConstantArguments(statements);
        ReportActiveOpaqueArguments(statements);
        ReportOpaqueWrites();
        return WriteThrough(statements).ToEquatableArray();
    }

    /// <summary>
    /// After every assignment of a ref parameter's copy, <c>n = copy;</c>: the caller's variable changes when the
    /// method's does, as in the original, so it holds what the method left in it however the call ends (a return, a
    /// throw, an exception of the runtime). The write is an effect: it runs in the forward computation of every generated
    /// member and never in a reverse sweep, which may put older values back into the copy.
    /// </summary>
    private List<Statement> WriteThrough(IReadOnlyList<Statement> statements)
    {
        var output = new List<Statement>();
        foreach (var statement in statements)
        {
            output.Add(StatementTree.WithChildLists(statement, WriteThrough));
            // (The copy made at entry, 'copy = n', writes back nothing new.)
            if (statement is AssignStatement { Target: var target, TargetKind: var kind } assign
                && _refCopies.TryGetValue(target, out string? parameter)
                && !(assign.Value is VariableExpr { Name: var read } && read == parameter))
            {
                output.Add(new EffectStatement(new[]
                {
                    EffectPart.Of(Emit.Identifiers.Escape(parameter) + " = "),
                    EffectPart.Of(new VariableExpr(target, kind)),
                    EffectPart.Of(";"),
                }.ToEquatableArray()));
            }
        }

        return output;
    }

    /// <summary>
    /// A void method without a <c>Span&lt;double&gt;</c> output that writes into a <c>double[]</c> parameter
    /// (<c>a[i] *= a[i]</c>) updates state in place: it is the vector function from the array's values at entry (and the
    /// other inputs) to its values at exit. The body already works on a copy made at entry (see
    /// <see cref="CopyWrittenArrayParameters"/>), whose derivatives are with respect to the values passed, so every exit
    /// copies it into an output of its own (<c>aResult</c>) and the method becomes an ordinary vector-output method. A
    /// <c>Span&lt;double&gt;</c> parameter is an output instead (its values at entry are not inputs): the type says which.
    /// The first such array in declaration order is the state; another one written is scratch (its copy's final values
    /// are not returned).
    /// </summary>
    private void ChooseInPlaceArray()
    {
        var array = _parameterOrder.FirstOrDefault(p => _inPlaceCandidate && p.IsArray && p.Role == ParameterRole.Differentiable && _arrayCopies.ContainsKey(p.Name));
        if (array is null)
        {
            return;
        }

        _inPlace = (array.Name, _arrayCopies[array.Name], NameOfItsOwn(array.Name + "Result"));
    }

    /// <summary>A void method's exit: an in-place method's state copied into its result, then <c>return 0</c>.</summary>
    private void AddVoidExit(List<Statement> output)
    {
        if (_inPlace is var (_, copy, result))
        {
            // result[k] = copy[k] for k < copy.Length
            string index = SyntheticLocal("k", ValueKind.Integer);
            var k = new VariableExpr(index, ValueKind.Integer);
            var source = new VariableExpr(copy, ValueKind.RealArray);
            output.Add(new AssignStatement(index, ValueKind.Integer, new LiteralExpr(0, ValueKind.Integer), Declare: false));
            output.Add(CountingLoop(index, new LengthExpr(source), new List<Statement> { new ElementAssignStatement(result, k, new ElementExpr(source, k)) }));
        }

        output.Add(new ReturnStatement(new LiteralExpr(0, ValueKind.Real)));
    }

    /// <summary>
    /// C# parameters are locals: a <c>double</c>, <c>int</c> or <c>bool</c> parameter the body assigns
    /// (<c>x = Math.Max(x, 0)</c>, <c>n--</c>) is copied into a local of its own at the top, and the body reads and
    /// writes the copy. The parameter itself stays the input the derivatives are taken with respect to.
    /// </summary>
    private void CopyWrittenParameters(IOperation body, List<Statement> output)
    {
        var written = OwnDescendants(body)
            .SelectMany(o => o switch
            {
                ISimpleAssignmentOperation assignment => new[] { assignment.Target },
                ICompoundAssignmentOperation compound => new[] { compound.Target },
                IIncrementOrDecrementOperation increment => new[] { increment.Target },
                IDeconstructionAssignmentOperation { Target: ITupleOperation tuple } => tuple.Elements.ToArray(),
                _ => Array.Empty<IOperation>(),
            })
            .OfType<IParameterReferenceOperation>()
            .Select(p => p.Parameter)
            .Where(p => (p.RefKind == RefKind.None && ClassifyValue(p.Type).IsScalar()) || _parameters.TryGetValue(p.Name, out var model) && model.IsRef)
            .Distinct<IParameterSymbol>(SymbolEqualityComparer.Default)
            .OrderBy(p => p.Ordinal);
        foreach (var parameter in written)
        {
            var kind = ClassifyValue(parameter.Type)!.Value;
            string name = NameOfItsOwn(parameter.Name + "Value");
            _locals.Add(new DeclareStatement(name, kind));
            _parameterCopies.Add(parameter.Name, name);
            if (_parameters[parameter.Name].IsRef)
            {
                _refCopies.Add(name, parameter.Name);
            }

            var read = TypeClassifier.IsIntEnum(parameter.Type)
                ? (Expr)new ConvertExpr(new VariableExpr(parameter.Name, ValueKind.Object), ValueKind.Integer)
                : new VariableExpr(parameter.Name, kind);
            output.Add(new AssignStatement(name, kind, read, Declare: false));
        }
    }

    /// <summary>
    /// The operations of a body, without those of the local functions and lambdas declared in it (whose parameters are
    /// other variables, perhaps of the same names).
    /// </summary>
    /// <remarks>
    /// In pre-order, with a stack of its own rather than nested iterators: a long operator chain is as deep as it is long,
    /// and nested iterators would pass each operation up through every level (quadratic; 100,000 terms took minutes).
    /// </remarks>
    internal static IEnumerable<IOperation> OwnDescendants(IOperation body)
    {
        var pending = new Stack<IOperation>();
        PushChildren(body);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            yield return operation;
            PushChildren(operation);
        }

        void PushChildren(IOperation parent)
        {
            foreach (var child in parent.ChildOperations.Reverse())
            {
                if (child is not (ILocalFunctionOperation or IAnonymousFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }

    /// <summary>Whether control can reach the end of a method's body (not when every path ends in a return).</summary>
    private static bool EndPointIsReachable(IOperation operation) =>
        operation is not IMethodBodyOperation { BlockBody: { Syntax: BlockSyntax block } body }
        || body.SemanticModel?.AnalyzeControlFlow(block) is not { Succeeded: true } flow
        || flow.EndPointIsReachable;

    /// <summary>
    /// A value that depends on a differentiable input, passed to a callee's <c>[Constant]</c> parameter, would have its
    /// derivative dropped silently: an error at the argument (ADG0015). The analysis is flow-insensitive, so a local
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

    private string LocalName(ILocalSymbol local, LocalArrayKind LocalArrayKind = LocalArrayKind.None)
    {
        if (_localNames.TryGetValue(local, out string? name))
        {
            return name;
        }

        name = UniqueName(local.Name);
        _localNames.Add(local, name);
        var kind = ClassifyValue(local.Type) ?? ValueKind.Object;
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

    /// <summary>
    /// A name for a variable of the parser's own that no identifier the user wrote (parameters included) and no local has:
    /// <paramref name="preferred"/>, else <c>preferred_1</c>, <c>preferred_2</c>, ...; taken from now on.
    /// </summary>
    private string NameOfItsOwn(string preferred)
    {
        string name = preferred;
        for (int suffix = 1; _reservedNames.Contains(name) || _usedLocalNames.Contains(name); suffix++)
        {
            name = preferred + "_" + suffix;
        }

        _usedLocalNames.Add(name);
        _reservedNames.Add(name);
        return name;
    }

    private string UniqueName(string preferred)
    {
        string name = preferred;
        // A user's local keeps its name; the parser's own locals, and those of an inlined callee, take names nobody uses.
        bool fresh = _inlining.Count > 0;
        for (int suffix = 1; _usedLocalNames.Contains(name) || _parameters.ContainsKey(name) || ((fresh || name != preferred) && _reservedNames.Contains(name)); suffix++)
        {
            name = preferred + "_" + suffix;
        }

        _usedLocalNames.Add(name);
        _reservedNames.Add(name);
        return name;
    }

    /// <summary>
    /// The kind of a value in the body: as <see cref="TypeClassifier.Classify"/>, and an enum whose underlying type is
    /// <c>int</c> is an <c>int</c> (its locals are declared <c>int</c>, and enum-typed parameters and fields are read
    /// through an <c>(int)</c> cast).
    /// </summary>
    private static ValueKind? ClassifyValue(ITypeSymbol? type) =>
        TypeClassifier.IsIntEnum(type) ? ValueKind.Integer : TypeClassifier.Classify(type);

    /// <summary>
    /// Reports <paramref name="operation"/> by the name of its construct, with the construct's own fix where it has one
    /// (a 'switch' statement: use if/else) and <paramref name="reason"/> otherwise.
    /// </summary>
    private Expr? Unsupported(DiagnosticDescriptor descriptor, IOperation operation, string reason) =>
        Unsupported(descriptor, operation, ConstructNames.Describe(operation), ConstructNames.Fix(operation) ?? reason);

    private Expr? Unsupported(DiagnosticDescriptor descriptor, IOperation operation, string what, string reason)
    {
        _diagnostics.Add(DiagnosticInfo.Create(descriptor, operation.Syntax.GetLocation(), what, reason));
        return null;
    }
}
