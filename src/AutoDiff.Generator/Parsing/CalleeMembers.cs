using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generator.Parsing;

/// <summary>
/// The fields and properties methods read and write, read off their source, for the check that a call the generator
/// does not differentiate changes nothing the derivative reads: the generated reverse sweep reads fields and properties
/// again, so a call that changes one would make it see the new value where the forward computation saw the old one (a
/// silently wrong derivative). Both follow the calls a method makes to methods with source in the compilation
/// (constructors, property accessors and local functions included; for a differentiable callee's reads, only those it
/// differentiates through). A write counts when it assigns the member, assigns
/// an element of an array the member holds, or passes the member by <c>ref</c> or <c>out</c>. A method without source
/// here (a library's) is not looked into, nor is a member changed through a method of its own value (<c>List.Add</c>)
/// or through a ref the method got from elsewhere.
/// </summary>
internal static class CalleeMembers
{
    /// <summary>The first member of <paramref name="read"/> that <paramref name="callee"/> writes, with the method that writes it, or null.</summary>
    public static (ISymbol Member, IMethodSymbol Writer)? FirstWriteOf(
        IMethodSymbol callee, ISet<ISymbol> read, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var (operation, method) in Operations(callee, compilation, _ => true, cancellationToken))
        {
            if (WrittenMember(operation) is { } written && read.Contains(written.OriginalDefinition))
            {
                return (written.OriginalDefinition, method);
            }
        }

        return null;
    }

    /// <summary>
    /// Every field and property a differentiable callee names (as declared), read or written: what its derivative may
    /// read. Followed into the methods it differentiates through (<c>[Differentiable]</c> ones, local functions) and
    /// property accessors, not into the methods it only runs (whose reads its derivative does not repeat).
    /// </summary>
    public static IEnumerable<ISymbol> NamedBy(IMethodSymbol callee, Compilation compilation, CancellationToken cancellationToken) =>
        Operations(callee, compilation, IsDifferentiatedThrough, cancellationToken)
            .Select(o => o.Operation switch
            {
                IFieldReferenceOperation field => field.Field,
                IPropertyReferenceOperation property => property.Property,
                _ => (ISymbol?)null,
            })
            .Where(member => member is not null)
            .Select(member => member!.OriginalDefinition);

    private static bool IsDifferentiatedThrough(IMethodSymbol method) =>
        method.MethodKind is MethodKind.LocalFunction or MethodKind.PropertyGet or MethodKind.PropertySet
        || method.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == DifferentiableGenerator.DifferentiableAttributeName);

    /// <summary>
    /// Every operation of the method's source and of the methods with source it calls that <paramref name="follow"/>
    /// accepts, with the method it is in.
    /// </summary>
    private static IEnumerable<(IOperation Operation, IMethodSymbol Method)> Operations(
        IMethodSymbol callee, Compilation compilation, System.Func<IMethodSymbol, bool> follow, CancellationToken cancellationToken)
    {
        var visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        var pending = new Stack<IMethodSymbol>();
        pending.Push(callee.OriginalDefinition);
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var method = pending.Pop();
            if (!visited.Add(method))
            {
                continue;
            }

            foreach (var body in Bodies(method, compilation, cancellationToken))
            {
                foreach (var operation in body.DescendantsAndSelf())
                {
                    yield return (operation, method);
                    foreach (var next in Called(operation).Where(follow))
                    {
                        pending.Push(next.OriginalDefinition);
                    }
                }
            }
        }
    }

    /// <summary>The operation trees of a method's source declarations (none for a method compiled elsewhere).</summary>
    private static IEnumerable<IOperation> Bodies(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (!compilation.ContainsSyntaxTree(syntax.SyntaxTree))
            {
                continue;
            }

            var operation = compilation.GetSemanticModel(syntax.SyntaxTree).GetOperation(syntax, cancellationToken);
            if (operation is not null)
            {
                yield return operation;
            }
        }
    }

    /// <summary>The field or property an operation changes, if it changes one.</summary>
    private static ISymbol? WrittenMember(IOperation operation) => operation switch
    {
        IAssignmentOperation assignment when !IsObjectInitialisation(assignment.Target) => MemberOf(assignment.Target),
        IIncrementOrDecrementOperation step => MemberOf(step.Target),
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => MemberOf(argument.Value),
        _ => null,
    };

    /// <summary>The member a target names, directly or as the array whose element it is.</summary>
    private static ISymbol? MemberOf(IOperation target) => target switch
    {
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property => property.Property,
        IArrayElementReferenceOperation element => MemberOf(element.ArrayReference),
        _ => null,
    };

    /// <summary>
    /// A member set on an object that is being made (<c>new T { X = 1 }</c>, or <c>this.X</c> in a constructor): it
    /// changes nothing that existed before the call.
    /// </summary>
    private static bool IsObjectInitialisation(IOperation target) =>
        target is IMemberReferenceOperation { Instance: IInstanceReferenceOperation instance }
        && (instance.ReferenceKind == InstanceReferenceKind.ImplicitReceiver
            || target.SemanticModel?.GetEnclosingSymbol(target.Syntax.SpanStart) is IMethodSymbol { MethodKind: MethodKind.Constructor });

    /// <summary>The methods an operation runs: a call, a constructor, a property's accessor.</summary>
    private static IEnumerable<IMethodSymbol> Called(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation:
                yield return invocation.TargetMethod;
                break;
            case IObjectCreationOperation { Constructor: { } constructor }:
                yield return constructor;
                break;
            case IPropertyReferenceOperation { Property: var property }:
                // Read or written, either accessor may run; both are followed.
                foreach (var accessor in new[] { property.GetMethod, property.SetMethod }.Where(a => a is not null))
                {
                    yield return accessor!;
                }

                break;
        }
    }
}
