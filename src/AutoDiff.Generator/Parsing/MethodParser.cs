using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
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
/// Turns one <c>[Differentiable]</c> method into a <see cref="MethodModel"/>: checks the signature and the
/// containing types, then hands the body to <see cref="BodyParser"/>. Every problem becomes a diagnostic.
/// </summary>
internal static class MethodParser
{
    public const string ConstantAttributeName = "AutoDiff.ConstantAttribute";

    /// <summary>A namespace as a declaration spells it, keywords escaped (<c>namespace Models.@event</c>).</summary>
    private static readonly SymbolDisplayFormat NamespaceFormat = new(
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    /// <summary>The generator's entry: the method <c>ForAttributeWithMetadataName</c> found.</summary>
    public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken) =>
        Parse(context.TargetNode, (IMethodSymbol)context.TargetSymbol, context.SemanticModel, cancellationToken);

    /// <summary>
    /// Parses the declaration <paramref name="targetNode"/> (a method or local function carrying <c>[Differentiable]</c>)
    /// of <paramref name="method"/>; the generator and <see cref="Diagnostics.DifferentiableAnalyzer"/> both call this,
    /// so they see the same diagnostics.
    /// </summary>
    public static ParseResult Parse(SyntaxNode targetNode, IMethodSymbol method, SemanticModel semanticModel, CancellationToken cancellationToken)
    {
        var diagnostics = new List<DiagnosticInfo>();
        if (targetNode is LocalFunctionStatementSyntax localFunction)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedDeclaration,
                localFunction.Identifier.GetLocation(),
                method.Name,
                "it is a local function; remove [Differentiable] (a local function a [Differentiable] method calls is differentiated with it), or make it a static method of the type"));
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        var syntax = (MethodDeclarationSyntax)targetNode;
        if (method.PartialImplementationPart is { } implementation
            && implementation.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is MethodDeclarationSyntax implementationSyntax)
        {
            // The attribute sits on a partial method's definition part: differentiate its implementation's body.
            syntax = implementationSyntax;
            method = implementation;
            semanticModel = semanticModel.Compilation.GetSemanticModel(syntax.SyntaxTree);
        }

        try
        {
            return ParseMethod(syntax, method, semanticModel, diagnostics, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // The pipeline must never throw: an internal failure becomes one diagnostic naming the method.
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.InternalError,
                syntax.Identifier.GetLocation(),
                method.Name,
                exception.GetType().Name + ": " + exception.Message));
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }
    }

    private static ParseResult ParseMethod(
        MethodDeclarationSyntax syntax,
        IMethodSymbol method,
        SemanticModel semanticModel,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        var containingTypes = ParseContainingTypes(syntax, method, diagnostics);
        var derivatives = RequestedDerivatives(method);
        CheckDeclaration(syntax, method, derivatives, diagnostics);

        bool returnsDouble = method.ReturnType.SpecialType == SpecialType.System_Double && !method.ReturnsByRef && !method.ReturnsByRefReadonly;
        bool vectorOutput = IsVectorOutput(method);
        bool inPlaceCandidate = IsInPlaceCandidate(method);
        if (vectorOutput || inPlaceCandidate)
        {
            // Its products need its callees' pullbacks (u^T J) and directional derivatives (J v), whatever it asks for.
            derivatives = DerivativeKinds.Gradient | DerivativeKinds.DirectionalDerivative;
        }

        if (!returnsDouble && !vectorOutput && !inPlaceCandidate)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedReturnType,
                syntax.ReturnType.GetLocation(),
                method.Name,
                syntax.ReturnType.ToString()));
        }

        if (syntax.TypeParameterList is { } typeParameters)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericMethod, typeParameters.GetLocation(), method.Name));
        }

        CheckWrt(method, diagnostics, cancellationToken);
        var parameters = ParseParameters(method, vectorOutput, diagnostics);

        var body = EquatableArray<Statement>.Empty;
        var locals = EquatableArray<DeclareStatement>.Empty;
        var localFunctions = new LocalFunctionCallees(method, semanticModel, FirstLine(syntax), derivatives, diagnostics, cancellationToken);
        var localFunctionModels = EquatableArray<MethodModel>.Empty;
        string? ns = method.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString(NamespaceFormat) : null;
        var reservedNames = new HashSet<string>(StringComparer.Ordinal);
        if (syntax.Body is null && syntax.ExpressionBody is null && !method.IsAbstract)
        {
            // (An abstract method has ADG0016, whose fix is the right one.)
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MissingBody, syntax.Identifier.GetLocation(), method.Name));
        }
        else if ((returnsDouble || vectorOutput || inPlaceCandidate) && semanticModel.GetOperation(syntax, cancellationToken) is IOperation operation)
        {
            // Every identifier the user wrote is taken: generated temporaries and adjoints must not shadow any of them.
            foreach (var token in syntax.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken))
                {
                    reservedNames.Add(token.ValueText);
                }
            }

            var bodyParser = new BodyParser(FirstLine(syntax), parameters, reservedNames, new CallResolver(method, derivatives, localFunctions), diagnostics, cancellationToken, inPlaceCandidate);
            body = bodyParser.ParseMethodBody(operation);
            locals = bodyParser.Locals;
            if (bodyParser.InPlaceResult is { } result)
            {
                parameters = parameters.Append(result).ToEquatableArray();
            }
            else if (inPlaceCandidate)
            {
                // It writes none of its arrays: no output at all.
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedReturnType, syntax.ReturnType.GetLocation(), method.Name, syntax.ReturnType.ToString()));
            }
            localFunctionModels = localFunctions.ParseAll(ns, containingTypes, HintName(method));
        }

        if (diagnostics.Count == 0 && !parameters.Any(p => p.Role == ParameterRole.Differentiable))
        {
            // A warning, not an error: the members are still generated (zero derivatives), so code calling them builds.
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.NothingToDifferentiate,
                syntax.Identifier.GetLocation(),
                method.Name,
                method.Parameters.IsEmpty ? "it has no parameters" : "every parameter is [Constant] or of a type that is data"));
        }

        CheckDataParameters(syntax, method, semanticModel, parameters, diagnostics, cancellationToken);
        if (diagnostics.Any(d => DiagnosticDescriptors.ById(d.Id).DefaultSeverity == DiagnosticSeverity.Error))
        {
            return new ParseResult(null, diagnostics.ToEquatableArray());
        }

        var model = new MethodModel(
            Namespace: ns,
            ContainingTypes: containingTypes,
            Name: method.Name,
            Accessibility: AccessibilityText(method.DeclaredAccessibility),
            IsStatic: method.IsStatic,
            Parameters: parameters,
            Locals: locals,
            Body: body,
            ReservedNames: reservedNames.OrderBy(n => n, StringComparer.Ordinal).ToEquatableArray(),
            HintName: HintName(method),
            Derivatives: derivatives,
            HiddenMembers: HiddenMembers(method, derivatives),
            NoObjectiveFactories: NoObjectiveFactories(method),
            LocalFunctions: localFunctionModels);
        var position = new MethodPosition(model.HintName, syntax.SyntaxTree.FilePath, FirstLine(syntax), LocationInfo.From(syntax.Identifier.GetLocation()));
        return new ParseResult(model, diagnostics.ToEquatableArray(), position);
    }

    /// <summary>The declaration's first line (0-based; its attributes included).</summary>
    private static int FirstLine(MethodDeclarationSyntax syntax) => syntax.GetLocation().GetLineSpan().StartLinePosition.Line;

    /// <summary>
    /// Declarations the generated members cannot follow: virtual dispatch (ADG0016), explicit interface implementations
    /// and file-local types (ADG0017), and names the type already uses for something else (ADG0018).
    /// </summary>
    private static void CheckDeclaration(MethodDeclarationSyntax syntax, IMethodSymbol method, DerivativeKinds derivatives, List<DiagnosticInfo> diagnostics)
    {
        var location = syntax.Identifier.GetLocation();
        string? dispatch = method.IsAbstract ? "abstract" : method.IsVirtual ? "virtual" : method.IsOverride && !method.IsSealed ? "an override that is not sealed" : null;
        if (dispatch is not null)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.VirtualMethod, location, method.Name, dispatch));
        }

        if (method.MethodKind == MethodKind.ExplicitInterfaceImplementation)
        {
            diagnostics.Add(DiagnosticInfo.Create(
                DiagnosticDescriptors.UnsupportedDeclaration,
                location,
                method.Name,
                "it is an explicit interface implementation; move its body into a [Differentiable] method of the type and call that"));
            return;
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.IsFileLocal)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedDeclaration,
                    location,
                    method.Name,
                    $"'{type.Name}' is a 'file' type, which generated code in another file cannot extend; remove 'file'"));
                return;
            }
        }

        // (An in-place method's members take one more: the output its array's final values go to.)
        int inputs = method.Parameters.Length + (IsInPlaceCandidate(method) ? 1 : 0), differentiable = PullbackSignature.DifferentiableParameters(method).Count(d => d);
        foreach (string name in GeneratedNamesOf(method, derivatives))
        {
            // A field, property or type of that name always collides; a method only with the generated member's arity
            // (a hand-written closed-form 'FHessian(double[] x)' next to a generated 'FHessian(x, hessian)' is an overload).
            var arities = GeneratedArities(name.Substring(method.Name.Length), inputs, differentiable);
            // Members this generator added are no conflict: the analyzer sees the compilation with the generated code.
            var taken = method.ContainingType.GetMembers(name).FirstOrDefault(
                m => !m.IsImplicitlyDeclared && !IsGeneratedByUs(m)
                    && (m is not IMethodSymbol existing || arities.Length == 0 || arities.Contains(existing.Parameters.Length)));
            if (taken is not null)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNameConflict, location, name, method.Name, method.ContainingType.Name));
            }
        }
    }

    /// <summary>A member the generator emitted (it carries <c>[GeneratedCode("AutoDiff.Generator", ...)]</c>).</summary>
    internal static bool IsGeneratedByUs(ISymbol member) => member.GetAttributes().Any(a =>
        a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"
        && a.ConstructorArguments.Length > 0
        && a.ConstructorArguments[0].Value as string == Emit.SourceEmitter.GeneratorName);

    /// <summary>
    /// The parameter counts of the generated methods of a suffix, or none for the objective property.
    /// <paramref name="inputs"/> counts every parameter of the method (a vector output's too).
    /// </summary>
    private static int[] GeneratedArities(string suffix, int inputs, int differentiable) => suffix switch
    {
        GeneratedNames.Gradient => [inputs + differentiable],
        GeneratedNames.Pullback => [inputs + 1 + differentiable],
        GeneratedNames.DirectionalDerivative => [inputs + differentiable + 1],
        GeneratedNames.PullbackTangent => [inputs + (3 * differentiable) + 2],
        GeneratedNames.HessianVectorProduct => [inputs + (2 * differentiable)],
        GeneratedNames.Hessian => [2],
        GeneratedNames.HessianMatrix => [1],
        GeneratedNames.Jacobian => [inputs + 1, inputs],
        GeneratedNames.JacobianVectorProduct => [inputs + differentiable + 1],
        GeneratedNames.VectorJacobianProduct => [inputs + differentiable],
        _ => [],
    };

    /// <summary>The names of the members generated for <paramref name="method"/> (its parameters read as the parser reads them).</summary>
    private static IEnumerable<string> GeneratedNamesOf(IMethodSymbol method, DerivativeKinds derivatives)
    {
        var parameters = ParseParameters(method, IsVectorOutput(method), new List<DiagnosticInfo>()).AsEnumerable();
        if (IsInPlaceCandidate(method))
        {
            // Named as if it writes its array (the body decides; if it does not, it is ADG0002 and nothing is generated).
            parameters = parameters.Append(new ParameterModel("result", KnownTypes.SpanOfDouble, ValueKind.RealArray, ParameterRole.Output, IsArray: false));
        }

        return GeneratedNames.For(method.Name, derivatives, parameters.ToList(), NoObjectiveFactories(method));
    }

    /// <summary>See <see cref="MethodModel.NoObjectiveFactories"/>: overloaded, or an instance method of a struct.</summary>
    private static bool NoObjectiveFactories(IMethodSymbol method) =>
        (!method.IsStatic && method.ContainingType.IsValueType)
        || method.Parameters.Any(p => p.RefKind != RefKind.None)
        || method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Count(
            m => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DifferentiableGenerator.DifferentiableAttributeName)) > 1;

    /// <summary>
    /// A <c>ref int</c> (or <c>long</c>, <c>uint</c>, <c>ulong</c>) parameter of a method returning <c>double</c>: data,
    /// never differentiated; the body works on a copy and writes each new value through
    /// to the caller's variable as the assignment happens, so the caller sees what the method leaves in it, however it
    /// exits (a return, a throw). A <c>ref double</c> would need a derivative of its own, and an <c>out</c> parameter a
    /// copy the method cannot read: both stay refused.
    /// </summary>
    internal static bool IsWrittenBackRef(IMethodSymbol method, IParameterSymbol parameter) =>
        parameter.RefKind == RefKind.Ref
        && !method.ReturnsVoid
        && method.ReturnType.SpecialType == SpecialType.System_Double
        && TypeClassifier.Classify(parameter.Type) is { } kind && kind.IsInteger();

    /// <summary>A <c>void</c> method with a vector output.</summary>
    private static bool IsVectorOutput(IMethodSymbol method) => method.ReturnsVoid && method.Parameters.Any(IsOutputCandidate);

    /// <summary>
    /// A <c>void</c> method without a vector output but with a differentiable <c>double[]</c> parameter: in place when
    /// its body writes into one (see <see cref="BodyParser.InPlaceResult"/>), else ADG0002.
    /// </summary>
    private static bool IsInPlaceCandidate(IMethodSymbol method) =>
        method.ReturnsVoid && !IsVectorOutput(method) && method.Parameters.Any(p =>
            p.RefKind == RefKind.None && TypeClassifier.IsDoubleArray(p.Type)
            && !p.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ConstantAttributeName));

    /// <summary>
    /// A parameter that can be a <c>void</c> method's vector output: a <c>Span&lt;double&gt;</c> passed by value and not
    /// marked <c>[Constant]</c>.
    /// </summary>
    private static bool IsOutputCandidate(IParameterSymbol parameter) =>
        parameter.RefKind == RefKind.None
        && TypeClassifier.IsSpanOfDouble(parameter.Type, readOnly: false)
        && !parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ConstantAttributeName);

    /// <summary>
    /// The generated members that hide a member generated for a base type's method of the same name and parameters
    /// (declared <c>new</c>, as C# asks of a member that hides an inherited one).
    /// </summary>
    private static EquatableArray<string> HiddenMembers(IMethodSymbol method, DerivativeKinds derivatives)
    {
        var hidden = new SortedSet<string>(StringComparer.Ordinal);
        var mine = new HashSet<string>(GeneratedNamesOf(method, derivatives), StringComparer.Ordinal);
        for (var type = method.ContainingType.BaseType; type is not null; type = type.BaseType)
        {
            foreach (var inherited in type.GetMembers(method.Name).OfType<IMethodSymbol>())
            {
                bool sameParameters = inherited.Parameters.Length == method.Parameters.Length
                    && inherited.Parameters.Zip(method.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type) && a.RefKind == b.RefKind).All(same => same);
                if (sameParameters && inherited.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DifferentiableGenerator.DifferentiableAttributeName))
                {
                    hidden.UnionWith(GeneratedNamesOf(inherited, RequestedDerivatives(inherited)).Where(mine.Contains));
                }
            }
        }

        return hidden.ToEquatableArray();
    }

    /// <summary>
    /// A parameter treated as data: marked <c>[Constant]</c>, or not named by its method's
    /// <c>[Differentiable(Wrt = ...)]</c>. (Whether its type can be differentiated at all is the caller's question.)
    /// </summary>
    public static bool IsMarkedConstant(IParameterSymbol parameter) =>
        parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ConstantAttributeName)
        || (parameter.ContainingSymbol is IMethodSymbol method && Wrt(method) is { } wrt && !wrt.Contains(parameter.Name));

    /// <summary>The names <c>[Differentiable(Wrt = ...)]</c> gives, or null when it gives none.</summary>
    public static string[]? Wrt(IMethodSymbol method) => WrtArgument(method) is { IsNull: false, Kind: TypedConstantKind.Array } wrt
        ? wrt.Values.Select(v => v.Value as string ?? string.Empty).ToArray()
        : null;

    private static TypedConstant? WrtArgument(IMethodSymbol method) =>
        DifferentiableAttribute(method)?.NamedArguments.FirstOrDefault(a => a.Key == "Wrt") is { Key: not null } named ? named.Value : null;

    private static AttributeData? DifferentiableAttribute(IMethodSymbol method) =>
        method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == DifferentiableGenerator.DifferentiableAttributeName);

    /// <summary>ADG0021: each name in Wrt must be a parameter the method can be differentiated with respect to.</summary>
    private static void CheckWrt(IMethodSymbol method, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
    {
        var names = Wrt(method);
        if (names is null)
        {
            return;
        }

        var attribute = DifferentiableAttribute(method)!;
        var attributeSyntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var argument = attributeSyntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Wrt");
        var elements = argument?.Expression switch
        {
            CollectionExpressionSyntax collection => collection.Elements.Select(e => (SyntaxNode)e).ToList(),
            ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.Select(e => (SyntaxNode)e).ToList(),
            ImplicitArrayCreationExpressionSyntax implicitArray => implicitArray.Initializer.Expressions.Select(e => (SyntaxNode)e).ToList(),
            _ => new List<SyntaxNode>(),
        };
        for (int i = 0; i < names.Length; i++)
        {
            var parameter = method.Parameters.FirstOrDefault(p => p.Name == names[i]);
            string? problem = parameter is null
                ? $"is not a parameter of '{method.Name}'; name one of: {string.Join(", ", method.Parameters.Select(p => p.Name))}"
                : TypeClassifier.Classify(parameter.Type) is not (ValueKind.Real or ValueKind.RealArray) || TypeClassifier.IsSpanOfDouble(parameter.Type, readOnly: false)
                    ? $"is of type '{parameter.Type.ToDisplayString()}', which is data; name double, ReadOnlySpan<double> or double[] parameters"
                    : parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == ConstantAttributeName)
                        ? "is marked [Constant]; remove [Constant] or the name"
                        : null;
            if (problem is not null)
            {
                var location = (i < elements.Count ? elements[i] : (SyntaxNode?)argument ?? attributeSyntax)?.GetLocation() ?? method.Locations.FirstOrDefault() ?? Location.None;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownWrtParameter, location, method.Name, names[i], problem));
            }
        }
    }

    /// <summary>
    /// ADG0022 (info): without Wrt, a differentiable <c>double[]</c> parameter after another vector parameter, whose
    /// elements the body only reads (never passed whole anywhere), is likely data whose gradient nobody wants
    /// (<c>Loss(p, t, y)</c>); the user meets it as a missing gradient argument otherwise.
    /// </summary>
    private static void CheckDataParameters(
        MethodDeclarationSyntax syntax,
        IMethodSymbol method,
        SemanticModel semanticModel,
        EquatableArray<ParameterModel> parameters,
        List<DiagnosticInfo> diagnostics,
        CancellationToken cancellationToken)
    {
        if (WrtArgument(method) is not null || (syntax.Body is null && syntax.ExpressionBody is null))
        {
            return;
        }

        var vectors = parameters.Where(p => p.Role == ParameterRole.Differentiable && p.Kind == ValueKind.RealArray).Select(p => p.Name).ToList();
        if (vectors.Count < 2 || semanticModel.GetOperation((SyntaxNode?)syntax.Body ?? syntax.ExpressionBody!, cancellationToken) is not { } body)
        {
            return;
        }

        var references = BodyParser.OwnDescendants(body).OfType<IParameterReferenceOperation>().ToList();
        // Spans are how README tells users to take parameters (a bias 'ReadOnlySpan<double> b' next to weights 'w' is
        // meant to be differentiated); arrays are how data is usually held. Only arrays are pointed out.
        var arrays = parameters.Where(p => p.Role == ParameterRole.Differentiable && p.IsArray).Select(p => p.Name);
        foreach (string name in arrays.Where(a => a != vectors[0]))
        {
            var uses = references.Where(r => r.Parameter.Name == name).ToList();
            bool onlyElementReads = uses.Count > 0 && uses.All(use => use.Parent is IArrayElementReferenceOperation
                || use.Parent is IPropertyReferenceOperation { Property.IsIndexer: true }
                || use.Parent is IPropertyReferenceOperation { Property.Name: "Length" });
            var parameter = method.Parameters.First(p => p.Name == name);
            if (onlyElementReads && parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is { } declaration)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DataParameterDifferentiated, declaration.GetLocation(), name, method.Name, vectors[0]));
            }
        }
    }

    /// <summary>What <c>[Differentiable(...)]</c> asks for; the gradient always.</summary>
    public static DerivativeKinds RequestedDerivatives(IMethodSymbol method)
    {
        var attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == DifferentiableGenerator.DifferentiableAttributeName);
        var requested = attribute is { ConstructorArguments.Length: 1 } && attribute.ConstructorArguments[0].Value is int flags
            ? (DerivativeKinds)flags
            : DerivativeKinds.All;
        return requested | DerivativeKinds.Gradient;
    }

    private static EquatableArray<ContainingTypeModel> ParseContainingTypes(
        MethodDeclarationSyntax syntax,
        IMethodSymbol method,
        List<DiagnosticInfo> diagnostics)
    {
        var types = new List<ContainingTypeModel>();
        foreach (var declaration in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.TypeNotPartial,
                    declaration.Identifier.GetLocation(),
                    declaration.Identifier.ValueText,
                    method.Name));
            }

            string keyword = declaration switch
            {
                RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
                RecordDeclarationSyntax => "record",
                StructDeclarationSyntax => "struct",
                InterfaceDeclarationSyntax => "interface",
                _ => "class",
            };
            if (declaration.Modifiers.Any(SyntaxKind.RefKeyword))
            {
                keyword = "ref " + keyword;
            }

            types.Add(new ContainingTypeModel(keyword, Emit.Identifiers.Escape(declaration.Identifier.ValueText) + declaration.TypeParameterList));
        }

        types.Reverse();
        return types.ToEquatableArray();
    }

    /// <param name="vectorOutput">Whether the method is <c>void</c> with a vector output (its first output candidate).</param>
    internal static EquatableArray<ParameterModel> ParseParameters(IMethodSymbol method, bool vectorOutput, List<DiagnosticInfo> diagnostics)
    {
        var parameters = new List<ParameterModel>();
        var output = vectorOutput ? method.Parameters.First(IsOutputCandidate) : null;
        foreach (var parameter in method.Parameters)
        {
            var location = parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax().GetLocation()
                ?? parameter.Locations.FirstOrDefault()
                ?? Location.None;

            string typeText = parameter.Type.ToDisplayString(TypeClassifier.QualifiedFormat);
            if (IsWrittenBackRef(method, parameter))
            {
                parameters.Add(new ParameterModel(parameter.Name, typeText, TypeClassifier.Classify(parameter.Type)!.Value, ParameterRole.Constant, IsArray: false, IsRef: true));
                continue;
            }

            if (parameter.RefKind != RefKind.None)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedParameter,
                    location,
                    parameter.Name,
                    parameter.Type.ToDisplayString(),
                    "ref, out and in parameters are not supported (but for a ref integer of a method returning double); pass the value itself"));
                parameters.Add(new ParameterModel(parameter.Name, typeText, TypeClassifier.Classify(parameter.Type) ?? ValueKind.Object, ParameterRole.Constant, IsArray: false));
                continue;
            }

            if (SymbolEqualityComparer.Default.Equals(parameter, output))
            {
                parameters.Add(new ParameterModel(parameter.Name, typeText, ValueKind.RealArray, ParameterRole.Output, IsArray: false));
                continue;
            }

            bool markedConstant = IsMarkedConstant(parameter);
            var kind = TypeClassifier.Classify(parameter.Type);
            if (kind == ValueKind.RealArray && TypeClassifier.IsSpanOfDouble(parameter.Type, readOnly: false) && !markedConstant)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.UnsupportedParameter,
                    location,
                    parameter.Name,
                    parameter.Type.ToDisplayString(),
                    vectorOutput
                        ? "a method has one vector output; take further inputs as ReadOnlySpan<double>, or mark scratch [Constant]"
                        : "a differentiable vector input must be ReadOnlySpan<double> or double[]; mark data [Constant] (a vector output needs a void method)"));
                parameters.Add(new ParameterModel(parameter.Name, typeText, ValueKind.RealArray, ParameterRole.Constant, IsArray: false));
                continue;
            }

            var role = !markedConstant && kind is ValueKind.Real or ValueKind.RealArray
                ? ParameterRole.Differentiable
                : ParameterRole.Constant;
            parameters.Add(new ParameterModel(
                parameter.Name,
                typeText,
                kind ?? ValueKind.Object,
                role,
                IsArray: TypeClassifier.IsDoubleArray(parameter.Type)));
        }

        return parameters.ToEquatableArray();
    }

    private static string AccessibilityText(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Public => "public",
        Accessibility.Internal => "internal",
        Accessibility.Protected => "protected",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    /// <summary>
    /// A file name unique per overload: namespace, type chain, method name and parameter types, with every character
    /// outside [A-Za-z0-9_.] replaced, then a hash of the exact text. Hint names compare without regard to case, so
    /// <c>F</c> and <c>f</c>, or <c>Fα</c> and <c>Fβ</c>, would otherwise collide (CS8785) and the generator would
    /// produce nothing for the whole compilation.
    /// </summary>
    private static string HintName(IMethodSymbol method)
    {
        var text = new StringBuilder();
        text.Append(method.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat).Replace("global::", string.Empty));
        text.Append('.').Append(method.Name);
        text.Append('(').Append(string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString()))).Append(')');
        var hint = new StringBuilder();
        foreach (char c in text.ToString())
        {
            hint.Append(char.IsLetterOrDigit(c) && c < 128 || c == '.' || c == '_' ? c : '_');
        }

        // FNV-1a over the UTF-16 code units: deterministic across runs and platforms (string.GetHashCode is not).
        uint hash = 2166136261;
        foreach (char c in text.ToString())
        {
            hash = (hash ^ c) * 16777619;
        }

        return hint.Append('.').Append(hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture)).Append(".g.cs").ToString();
    }
}
