using System.Linq;
using System.Threading;
using AutoDiff.Generator.Diagnostics;
using AutoDiff.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// Checks a <c>[CustomDerivative]</c> pullback against the function it names, so that a wrong signature is reported
/// where it is written rather than at every call.
/// </summary>
internal static class CustomDerivativeParser
{
    /// <param name="syntax">The pullback's declaration.</param>
    /// <param name="pullback">Its symbol.</param>
    /// <param name="attributes">The <c>[CustomDerivative]</c> attributes written on <paramref name="syntax"/>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    public static EquatableArray<DiagnosticInfo> Validate(
        MethodDeclarationSyntax syntax,
        IMethodSymbol pullback,
        System.Collections.Generic.IEnumerable<AttributeData> attributes,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var diagnostics = new System.Collections.Generic.List<DiagnosticInfo>();
        if (pullback.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DifferentiableGenerator.DifferentiableAttributeName))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CustomDerivativeOnDifferentiable, syntax.Identifier.GetLocation(), pullback.Name));
        }

        foreach (var attribute in attributes)
        {
            var (type, name) = PullbackSignature.Target(attribute, pullback);
            var location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? syntax.Identifier.GetLocation();
            var candidates = type?.GetMembers(name ?? string.Empty).OfType<IMethodSymbol>().ToList();
            if (type is null || name is null || candidates is null || candidates.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.PullbackTargetNotFound,
                    location,
                    name ?? "?",
                    type?.ToDisplayString() ?? "?"));
                continue;
            }

            var function = candidates.FirstOrDefault(f => PullbackSignature.Mismatch(f, pullback) is null);
            if (function is null)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    DiagnosticDescriptors.PullbackSignatureMismatch,
                    syntax.Identifier.GetLocation(),
                    pullback.Name,
                    type.ToDisplayString() + "." + name,
                    PullbackSignature.Mismatch(candidates[0], pullback)!));
                continue;
            }

            foreach (string property in new[] { PullbackSignature.TangentRule, PullbackSignature.PullbackTangentRule })
            {
                if (PullbackSignature.SecondOrderRule(attribute, pullback, property) is { } rule
                    && PullbackSignature.RuleMismatch(function, property, rule.Candidates) is { } problem)
                {
                    diagnostics.Add(DiagnosticInfo.Create(
                        DiagnosticDescriptors.SecondOrderRuleMismatch,
                        location,
                        property,
                        rule.Name,
                        type.ToDisplayString() + "." + name,
                        problem));
                }
            }
        }

        return diagnostics.ToEquatableArray();
    }
}
