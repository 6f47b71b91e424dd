using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// The local functions a <c>[Differentiable]</c> method calls, each differentiated as a callee of its own: a private
/// static method of the type (<see cref="GeneratedNames.LocalFunction"/>) with the value, pullback and forward-mode
/// members a <c>[Differentiable]</c> method gets, which the calls then go through. A local function qualifies when it
/// is <c>static</c> or captures nothing (ADG0025 otherwise) and no chain of calls leads from it back to itself
/// (ADG0026). Only the local functions actually called are parsed, the ones they call in turn included.
/// </summary>
internal sealed class LocalFunctionCallees
{
    private readonly IMethodSymbol _method;
    private readonly SemanticModel _semanticModel;
    private readonly int _firstLine;
    private readonly int _overload;
    private readonly DerivativeKinds _derivatives;
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<IMethodSymbol, Callee> _callees = new(SymbolEqualityComparer.Default);
    private readonly List<Callee> _order = new();
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    /// <param name="method">The <c>[Differentiable]</c> method whose body declares the local functions.</param>
    /// <param name="firstLine">Its first line: the local functions' statements count their lines from it too (same file).</param>
    /// <param name="derivatives">What the method asks for: its local functions must provide the same.</param>
    public LocalFunctionCallees(
        IMethodSymbol method,
        SemanticModel semanticModel,
        int firstLine,
        DerivativeKinds derivatives,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        _method = method;
        _semanticModel = semanticModel;
        _firstLine = firstLine;
        _derivatives = derivatives & (DerivativeKinds.Gradient | DerivativeKinds.HessianVectorProduct);
        _diagnostics = diagnostics;
        _cancellationToken = cancellationToken;
        var overloads = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>()
            .Where(m => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DifferentiableGenerator.DifferentiableAttributeName))
            .ToList();
        var self = method.PartialDefinitionPart ?? method;
        _overload = overloads.Count > 1 ? overloads.FindIndex(m => SymbolEqualityComparer.Default.Equals(m, self)) + 1 : 0;
    }

    /// <summary>
    /// How a call of local function <paramref name="target"/> (made from the method's body, or from local function
    /// <paramref name="from"/>) is differentiated, or null when the local function cannot be a callee; then the
    /// diagnostic saying why is already reported, once, at the local function.
    /// </summary>
    public ResolvedCall? Resolve(IMethodSymbol target, IMethodSymbol? from, SyntaxNode call) =>
        Resolve(target, from, call, () => Register(target));

    /// <summary>
    /// A call <c>f(...)</c> of local <paramref name="local"/>, initialised with a lambda it can be called as a callee of
    /// its own (<see cref="LambdaProblem"/>), as a call of that lambda; null when <paramref name="local"/> is not such a
    /// local (the call is then refused as a call of a delegate, or ADG0027 already says why at the declaration).
    /// </summary>
    public ResolvedCall? ResolveLambda(ILocalSymbol local, IMethodSymbol? from, SyntaxNode call, out bool reported)
    {
        reported = false;
        if (LambdaOf(local) is not { } lambda)
        {
            return null;
        }

        reported = true;
        return LambdaProblem(local, lambda) is null ? Resolve(lambda.Symbol, from, call, () => RegisterLambda(local, lambda)) : null;
    }

    /// <summary>
    /// Why the lambda local <paramref name="local"/> is initialised with cannot be a callee, or null when it can: it must
    /// capture nothing (a <c>static</c> lambda never does), and the local must only ever be called (never reassigned or
    /// passed on), so every call runs that lambda.
    /// </summary>
    public static string? LambdaProblem(ILocalSymbol local, IAnonymousFunctionOperation lambda)
    {
        if (FirstCapture(lambda, lambda.Syntax, lambda.Symbol.IsStatic) is { } capture)
        {
            return $"it captures '{capture.Name}'";
        }

        var root = (IOperation)lambda;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        foreach (var reference in root.Descendants().OfType<ILocalReferenceOperation>())
        {
            if (SymbolEqualityComparer.Default.Equals(reference.Local, local) && !(reference.Parent is IInvocationOperation invocation && invocation.Instance == reference))
            {
                return $"'{local.Name}' is used other than called";
            }
        }

        return null;
    }

    /// <summary>The lambda <paramref name="local"/>'s declaration initialises it with, or null.</summary>
    private IAnonymousFunctionOperation? LambdaOf(ILocalSymbol local) =>
        local.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).OfType<VariableDeclaratorSyntax>().FirstOrDefault() is { Initializer.Value: var value }
            && value.SyntaxTree == _semanticModel.SyntaxTree
            ? ConstructNames.LambdaOf(_semanticModel.GetOperation(value, _cancellationToken))
            : null;

    private ResolvedCall? Resolve(IMethodSymbol target, IMethodSymbol? from, SyntaxNode call, Func<Callee?> register)
    {
        var callee = register();
        if (callee is null)
        {
            return null;
        }

        if (from is not null && _callees.TryGetValue(from, out var caller))
        {
            caller.Calls.Add((callee, call));
        }

        string name = _method.ContainingType.ToDisplayString(TypeClassifier.QualifiedFormat) + "." + callee.Name;
        return new ResolvedCall(
            name,
            name,
            PullbackSignature.DifferentiableParameters(target).ToEquatableArray(),
            DirectionalDerivative: name + GeneratedNames.DirectionalDerivative,
            PullbackTangent: name + GeneratedNames.PullbackTangent);
    }

    /// <summary>
    /// Parses every local function called (those their bodies call too), checks that none is recursive, and returns
    /// their models in the order of their first call.
    /// </summary>
    public EquatableArray<MethodModel> ParseAll(string? ns, EquatableArray<ContainingTypeModel> containingTypes, string hintName)
    {
        var models = new List<MethodModel>();

        // Parsing one may register more: the list grows while it is walked.
        for (int i = 0; i < _order.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            models.Add(Parse(_order[i], ns, containingTypes, hintName));
        }

        ReportCycles();
        return models.ToEquatableArray();
    }

    private Callee? Register(IMethodSymbol target)
    {
        if (_callees.TryGetValue(target, out var known))
        {
            return known.Usable ? known : null;
        }

        var syntax = target.DeclaringSyntaxReferences.Select(r => r.GetSyntax(_cancellationToken)).OfType<LocalFunctionStatementSyntax>().FirstOrDefault();
        var operation = syntax is null || syntax.SyntaxTree != _semanticModel.SyntaxTree ? null : _semanticModel.GetOperation(syntax, _cancellationToken) as ILocalFunctionOperation;
        var callee = new Callee(target, UniqueName(target.Name), syntax!, operation?.Body!);
        _callees.Add(target, callee);
        if (operation?.Body is null)
        {
            // (The compiler reports a local function without a body; nothing to differentiate.)
            callee.Usable = false;
            return null;
        }

        if (FirstCapture(operation, syntax!, target.IsStatic) is { } capture)
        {
            callee.Usable = false;
            _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CapturingLocalFunction, capture.Location, target.Name, capture.Name));
            return null;
        }

        return Admit(callee, syntax!.Identifier.GetLocation());
    }

    private Callee? RegisterLambda(ILocalSymbol local, IAnonymousFunctionOperation lambda)
    {
        if (_callees.TryGetValue(lambda.Symbol, out var known))
        {
            return known.Usable ? known : null;
        }

        var callee = new Callee(lambda.Symbol, UniqueName(local.Name), lambda.Syntax, lambda.Body);
        _callees.Add(lambda.Symbol, callee);
        return Admit(callee, local.Locations.FirstOrDefault() ?? lambda.Syntax.GetLocation());
    }

    /// <summary>The callee, once its generated names are known to be free; null (ADG0018 at <paramref name="name"/>) otherwise.</summary>
    private Callee? Admit(Callee callee, Location name)
    {
        foreach (string member in GeneratedNames.ForLocalFunction(callee.Name, _derivatives))
        {
            // The members are added to the type: a member of that name the user wrote would collide (ADG0018).
            if (_method.ContainingType.GetMembers(member).Any(m => !m.IsImplicitlyDeclared && !MethodParser.IsGeneratedByUs(m)))
            {
                _diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.MemberNameConflict, name, member, _method.Name, _method.ContainingType.Name));
                callee.Usable = false;
                return null;
            }
        }

        _order.Add(callee);
        return callee;
    }

    private string UniqueName(string local)
    {
        string preferred = GeneratedNames.LocalFunction(_method.Name, _overload, local), name = preferred;
        for (int suffix = 2; !_names.Add(name); suffix++)
        {
            // Local functions of the same name in different scopes (inside two other local functions).
            name = preferred + "_" + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>
    /// The first variable of the enclosing method a non-static local function reads or writes (<c>this</c> for an
    /// instance member), with where: its value would be a constant of the generated callee, losing its derivative.
    /// Constants are not captures.
    /// </summary>
    private static (string Name, Location Location)? FirstCapture(IOperation operation, SyntaxNode syntax, bool isStatic)
    {
        if (isStatic)
        {
            return null;
        }

        bool Outside(ISymbol symbol) => !symbol.DeclaringSyntaxReferences.Any(r => r.SyntaxTree == syntax.SyntaxTree && syntax.Span.Contains(r.Span));
        foreach (var descendant in operation.Descendants())
        {
            switch (descendant)
            {
                case ILocalReferenceOperation { Local: { IsConst: false } local } when Outside(local):
                    return (local.Name, descendant.Syntax.GetLocation());
                case IParameterReferenceOperation { Parameter: var parameter } when Outside(parameter):
                    return (parameter.Name, descendant.Syntax.GetLocation());
                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } instance:
                    // 'w' or 'this.w': the member read is what to pass instead.
                    return instance.Parent is IMemberReferenceOperation member
                        ? (member.Member.Name, member.Syntax.GetLocation())
                        : ("this", instance.Syntax.GetLocation());
            }
        }

        return null;
    }

    private MethodModel Parse(Callee callee, string? ns, EquatableArray<ContainingTypeModel> containingTypes, string hintName)
    {
        var reservedNames = new HashSet<string>(
            callee.Syntax.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText),
            StringComparer.Ordinal);
        var parameters = MethodParser.ParseParameters(callee.Symbol, vectorOutput: false, _diagnostics);
        var parser = new BodyParser(_firstLine, parameters, reservedNames, new CallResolver(_method, _derivatives, this, callee.Symbol), _diagnostics, _cancellationToken);
        var body = parser.ParseMethodBody(callee.Body);
        return new MethodModel(
            Namespace: ns,
            ContainingTypes: containingTypes,
            Name: callee.Name,
            Accessibility: "private",
            IsStatic: true,
            Parameters: parameters,
            Locals: parser.Locals,
            Body: body,
            ReservedNames: reservedNames.OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray(),
            HintName: hintName,
            Derivatives: _derivatives,
            NoObjectiveFactories: true);
    }

    /// <summary>ADG0026 at the call that closes each cycle of calls among the local functions (a self-call included).</summary>
    private void ReportCycles()
    {
        var state = new Dictionary<Callee, int>();
        var path = new List<Callee>();
        void Visit(Callee callee)
        {
            state[callee] = 1;
            path.Add(callee);
            foreach (var (target, call) in callee.Calls)
            {
                if (!state.TryGetValue(target, out int seen))
                {
                    Visit(target);
                }
                else if (seen == 1)
                {
                    var cycle = path.Skip(path.IndexOf(target)).Select(c => c.Symbol.Name).Append(target.Symbol.Name);
                    _diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.RecursiveLocalFunction, call.GetLocation(), target.Symbol.Name, string.Join(" -> ", cycle)));
                }
            }

            path.RemoveAt(path.Count - 1);
            state[callee] = 2;
        }

        foreach (var callee in _order)
        {
            if (!state.ContainsKey(callee))
            {
                Visit(callee);
            }
        }
    }

    /// <summary>A local function, or a lambda a local is initialised with (<paramref name="symbol"/> is then the lambda's).</summary>
    private sealed class Callee(IMethodSymbol symbol, string name, SyntaxNode syntax, IBlockOperation body)
    {
        public IMethodSymbol Symbol { get; } = symbol;

        /// <summary>The generated method's name (<see cref="GeneratedNames.LocalFunction"/>; the local's name for a lambda).</summary>
        public string Name { get; } = name;

        public SyntaxNode Syntax { get; } = syntax;

        public IBlockOperation Body { get; } = body;

        /// <summary>False when it cannot be a callee (the diagnostic is reported once).</summary>
        public bool Usable { get; set; } = true;

        /// <summary>The local functions its body calls, with each call.</summary>
        public List<(Callee Target, SyntaxNode Call)> Calls { get; } = new();
    }
}
