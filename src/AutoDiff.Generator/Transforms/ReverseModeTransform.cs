using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using static AutoDiff.Generator.IR.ExprFactory;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Reverse mode (adjoint) differentiation of a parsed method into its pullback,
/// <c>double {Name}Pullback(inputs..., double seed, adjoints...)</c>, which returns the value and adds
/// <c>seed * d value / d input</c> to each input's adjoint; or into <c>{Name}Gradient</c>, the same sweeps with the seed
/// the literal 1 and outputs cleared first (its own body rather than a call to the pullback: the JIT then folds every
/// multiplication by the seed away).
/// <para>
/// The pullback runs a forward sweep (the method, in three-address form, that also saves what it overwrites and the
/// reverse sweep needs) and then a reverse sweep that walks the statements backwards: each assignment
/// <c>v = op(a, b)</c> adds <c>v_bar * d op / d a</c> to <c>a_bar</c>, and so on. Control flow is replayed from
/// recorded branch decisions and loop trip counts. Values are saved only when needed ("to be recorded"): a value is
/// saved before it is overwritten only if some partial derivative, index or call in the reverse sweep reads it, and
/// values computed inside a loop from data that the loop does not change are recomputed instead of saved.
/// </para>
/// </summary>
internal sealed partial class ReverseModeTransform
{
    private readonly NormalizedMethod _normalized;
    private readonly MethodModel _method;
    private readonly ReverseEntryPoint _entryPoint;
    private readonly NameAllocator _names;
    private readonly string _result;
    private readonly string _seed;
    private readonly string _tape;
    private readonly Dictionary<string, string> _adjointOutputs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _adjointNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeclareStatement> _locals = new(StringComparer.Ordinal);
    private readonly List<DeclareStatement> _generatedLocals = new();
    private readonly IReadOnlyList<Statement> _body;

    // Split-out operands and block locals: one contribution list reaches their adjoint, which is then read once, in the
    // same block, so the adjoint is a fresh local there, with no accumulation and no reset.
    private readonly HashSet<string> _singleUse;
    private readonly ProgramFacts _facts;
    private readonly HashSet<string> _active;
    private readonly HashSet<string> _needed;
    private readonly HashSet<Statement> _assignmentsToSave;

    // First writes into fresh zeroed arrays, and whether the reverse sweep puts back their 0 (see FreshElementWrites):
    // they save nothing.
    private readonly Dictionary<Statement, bool> _freshWrites;

    // Save decisions of the statements in a fused loop's iteration, whose reverse runs right after it: an iteration
    // saves only what it overwrites before its own reverse reads it.
    private readonly Dictionary<Statement, bool> _iterationSaves = new(ReferenceEqualityComparer.Instance);

    // For each loop, what a later reverse reads of the values on entry to it (from the analysis of the method, or of
    // the fused iteration the loop is in): what a fused loop's iterations must put back.
    private readonly Dictionary<LoopStatement, HashSet<string>> _loopEntries;
    private readonly Dictionary<Statement, HashSet<string>> _readsBefore = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Statement, HashSet<string>> _readsAfter = new(ReferenceEqualityComparer.Instance);

    // Filled by the reverse sweeps, which are built first; the forward sweeps are built from it.
    private readonly ReversePlan _plan = new();
    private bool _usesTape;
    private readonly HashSet<string> _declaredInline = new(StringComparer.Ordinal);

    // Tape-recorded decisions of the ifs the forward sweep is inside of, innermost last, within the current loop.
    private List<string> _openDecisions = new();

    private ReverseModeTransform(NormalizedMethod normalized, ReverseEntryPoint entryPoint)
    {
        _normalized = normalized;
        _method = normalized.Method;
        _entryPoint = entryPoint;
        _names = normalized.NewNames();
        _result = normalized.Result;
        _seed = normalized.Seed;
        _tape = normalized.Tape;
        int differentiableCount = Differentiable.Count();
        foreach (var parameter in Differentiable)
        {
            _adjointOutputs[parameter.Name] = _names.Fresh(entryPoint == ReverseEntryPoint.Pullback
                ? parameter.Name + "Adjoint"
                : differentiableCount == 1 ? "gradient" : parameter.Name + "Gradient");
        }

        _body = normalized.Body;
        foreach (var local in normalized.Locals)
        {
            _locals[local.Name] = local;
        }

        // Scratch borrowed from the tape must go back when the method returns: the tape scope is then needed even
        // when nothing else uses the tape (a vector output that does not depend on the inputs).
        _usesTape = normalized.Locals.Any(local => local.ArrayKind == LocalArrayKind.Tape);
        _facts = normalized.Facts;
        _singleUse = normalized.SingleUse;
        _active = normalized.Active;
        _needed = NeededVariables();
        (_assignmentsToSave, _loopEntries) = AssignmentsToSave(_body, readBeforeEntry: null);
        _freshWrites = normalized.Options.SaveAnalysis ? FreshElementWrites.Find(_body) : new Dictionary<Statement, bool>(ReferenceEqualityComparer.Instance);
    }

    /// <summary>
    /// The assignments of <paramref name="statements"/> that save the value they overwrite (see <see cref="SaveAnalysis"/>),
    /// and what a later reverse reads on entry to each loop. With the analysis switched off, every assignment saves but
    /// recomputed values and counting-loop indices, which the reverse sweep computes again.
    /// </summary>
    private (HashSet<Statement> Saves, Dictionary<LoopStatement, HashSet<string>> LoopEntries) AssignmentsToSave(
        IReadOnlyList<Statement> statements, IEnumerable<string>? readBeforeEntry)
    {
        bool Exempt(string name) => _facts.Recomputable.ContainsKey(name) || _facts.CountingIndices.Contains(name);
        var (saves, loopEntries) = SaveAnalysis.Run(
            statements,
            statement => _readsBefore.TryGetValue(statement, out var reads) ? reads : Enumerable.Empty<string>(),
            statement => _readsAfter.TryGetValue(statement, out var reads) ? reads : Enumerable.Empty<string>(),
            Exempt,
            readBeforeEntry);
        if (!_normalized.Options.SaveAnalysis)
        {
            saves = new HashSet<Statement>(
                ProgramFacts.Assignments(statements).Where(assign => !Exempt(assign.Target)),
                ReferenceEqualityComparer.Instance);
        }

        return (saves, loopEntries);
    }

    /// <summary>Analyses <paramref name="method"/> for its pullback; then build it and what rests on it.</summary>
    public static ReverseModeTransform Create(NormalizedMethod method) => new(method, ReverseEntryPoint.Pullback);

    /// <summary>Analyses <paramref name="method"/> for its gradient (see <see cref="Build"/>).</summary>
    public static ReverseModeTransform CreateForGradient(NormalizedMethod method) => new(method, ReverseEntryPoint.Gradient);

    /// <summary>The method being differentiated.</summary>
    public MethodModel Method => _method;

    /// <summary>The method in the form both sweeps start from.</summary>
    public NormalizedMethod Normalized => _normalized;

    /// <summary>The allocator every generated method of this method draws its names from.</summary>
    public NameAllocator Names => _names;

    /// <summary>The local that holds the method's value (what its returns assign, in <see cref="NormalizedMethod.PrimalProgram"/>).</summary>
    public string Result => _result;

    /// <summary>The name of the tape local (whether or not the pullback uses one).</summary>
    public string Tape => _tape;

    /// <summary>The name of the pullback's seed parameter.</summary>
    public string Seed => _seed;

    /// <summary>The pullback's adjoint parameter of each differentiable parameter.</summary>
    public IReadOnlyDictionary<string, string> AdjointOutputs => _adjointOutputs;

    public IEnumerable<ParameterModel> Differentiable => _method.Parameters.Where(p => p.Role == ParameterRole.Differentiable);

    // ---------------------------------------------------------------- assembly

    /// <summary>
    /// The pullback (<c>{Name}Pullback</c>: value returned, seed times the gradient added to the adjoints) or, for a
    /// transform made by <see cref="CreateForGradient"/>, <c>{Name}Gradient</c> (outputs overwritten, seed 1).
    /// </summary>
    public GeneratedMethod Build()
    {
        var fused = _normalized.Options.LoopFusion ? FusableLoop(_body) : null;
        List<Statement> beforeAdjoints, afterAdjoints;
        string returned = _result;
        if (fused is null)
        {
            var reverse = MergeAccumulations(Reverse(_body, 0));
            beforeAdjoints = Forward(_body, _plan, 0);
            beforeAdjoints.Insert(0, new CommentStatement("Forward sweep: the method, with every intermediate in a local, saving what the reverse sweep needs."));
            returned = CapturePrimalValue(beforeAdjoints);
            beforeAdjoints.Add(new CommentStatement("Reverse sweep: adjoints (d value / d local), from the result back to the inputs."));
            afterAdjoints = reverse;
        }
        else
        {
            (beforeAdjoints, afterAdjoints, returned) = FusedSweeps(fused);
        }

        var inner = new List<Statement>();
        foreach (var local in _locals.Values.Concat(_generatedLocals))
        {
            inner.Add(local);
        }

        inner.AddRange(beforeAdjoints);
        if (_entryPoint == ReverseEntryPoint.Gradient)
        {
            // A local rather than the literal in place: the result's adjoint may go unread, and a local assigned only a
            // constant would warn (CS0219). The JIT still sees the constant.
            inner.Add(new AssignStatement(_seed, ValueKind.Real, Real(1.0), Declare: true));
        }

        inner.Add(new AssignStatement(AdjointName(_result), ValueKind.Real, new VariableExpr(_seed, ValueKind.Real), Declare: true));
        foreach (string name in _active.Where(n => n != _result && !_singleUse.Contains(n)).OrderBy(n => n, StringComparer.Ordinal))
        {
            if (_adjointOutputs.ContainsKey(name) && _method.Parameters.First(p => p.Name == name).Kind == ValueKind.RealArray)
            {
                continue;
            }

            if (_locals.TryGetValue(name, out var local) && local.Kind == ValueKind.RealArray)
            {
                inner.Add(new AssignStatement(AdjointName(name), ValueKind.RealArray, TapeSpan(new LengthExpr(new VariableExpr(name, ValueKind.RealArray))), Declare: true));
            }
            else
            {
                inner.Add(new AssignStatement(AdjointName(name), ValueKind.Real, Real(0.0), Declare: true));
            }
        }

        inner.AddRange(afterAdjoints);
        foreach (var parameter in Differentiable.Where(p => p.Kind == ValueKind.Real && _active.Contains(p.Name)))
        {
            inner.Add(new AccumulateStatement(_adjointOutputs[parameter.Name], new VariableExpr(AdjointName(parameter.Name), ValueKind.Real)));
        }

        inner.Add(new ReturnStatement(new VariableExpr(returned, ValueKind.Real)));

        var body = new List<Statement>();
        ArgumentChecks.AddLengthChecks(body, _method, _adjointOutputs);
        ArgumentChecks.AddOverlapChecks(body, _method, new[] { _adjointOutputs }, outputs: 1, accumulating: _entryPoint != ReverseEntryPoint.Gradient);
        if (_entryPoint == ReverseEntryPoint.Gradient)
        {
            foreach (var parameter in Differentiable)
            {
                body.Add(parameter.Kind == ValueKind.Real
                    ? new AssignStatement(_adjointOutputs[parameter.Name], ValueKind.Real, Real(0.0), Declare: false)
                    : new ClearStatement(_adjointOutputs[parameter.Name]));
            }
        }

        if (_usesTape)
        {
            body.Add(new TapeScopeStatement(_tape, _names.Fresh("tapeMark"), inner.ToEquatableArray()));
        }
        else
        {
            body.AddRange(inner);
        }

        // The gradient overwrites its outputs (a scalar's is out); the pullback takes a seed and adds to its adjoints (ref).
        bool gradient = _entryPoint == ReverseEntryPoint.Gradient;
        var parameters = _method.Parameters.Select(p => new GeneratedParameter(p.Name, p.TypeText, p.Modifier)).ToList();
        if (!gradient)
        {
            parameters.Add(new GeneratedParameter(_seed, "double", string.Empty));
        }

        parameters.AddRange(Differentiable.Select(p => p.Kind == ValueKind.Real
            ? new GeneratedParameter(_adjointOutputs[p.Name], "double", gradient ? "out" : "ref")
            : new GeneratedParameter(_adjointOutputs[p.Name], KnownTypes.SpanOfDouble, string.Empty)));
        return new GeneratedMethod(
            _method.Name + (gradient ? GeneratedNames.Gradient : GeneratedNames.Pullback),
            _method.Accessibility,
            _method.IsStatic,
            gradient
                ? $"Computes <c>{_method.Name}</c> and its gradient by reverse-mode differentiation; returns the value. "
                    + "Gradient outputs are overwritten, one per differentiable parameter, in order."
                : $"Reverse-mode pullback of <c>{_method.Name}</c>: returns its value and adds <paramref name=\"{_seed}\"/> times its "
                    + "derivative with respect to each differentiable parameter to that parameter's adjoint (accumulates, never overwrites).",
            parameters.ToEquatableArray(),
            body.ToEquatableArray());
    }

    /// <summary>
    /// Keeps the forward value of the result when the reverse sweep puts back older values of the result local.
    /// Returns the local to return.
    /// </summary>
    private string CapturePrimalValue(List<Statement> forward)
    {
        if (!_plan.Saves(_result))
        {
            return _result;
        }

        string returned = _names.Fresh("primalValue");
        forward.Add(new AssignStatement(returned, ValueKind.Real, new VariableExpr(_result, ValueKind.Real), Declare: true));
        return returned;
    }

    private void Declare(string name, ValueKind kind) => _generatedLocals.Add(new DeclareStatement(name, kind));

    private string AdjointName(string variable)
    {
        if (!_adjointNames.TryGetValue(variable, out string? name))
        {
            name = _names.Fresh(variable + "_bar");
            _adjointNames.Add(variable, name);
        }

        return name;
    }

    private enum ReverseEntryPoint
    {
        Pullback,
        Gradient,
    }
}
