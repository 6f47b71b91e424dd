using System.Collections.Generic;
using AutoDiff.Generator.IR;

namespace AutoDiff.Generator.Transforms;

/// <summary>
/// Gives every assignment of straight-line code its own local (<c>sum</c>, <c>sum_1</c>, ...), so that each name
/// holds one value for the whole method and the reverse sweep can read any forward value without saving it.
/// </summary>
internal static class SingleAssignmentForm
{
    public static List<Statement> Apply(IEnumerable<Statement> body, NameAllocator names)
    {
        var output = new List<Statement>();
        var currentName = new Dictionary<string, string>(System.StringComparer.Ordinal);
        foreach (var statement in body)
        {
            switch (statement)
            {
                case DeclareStatement:
                    // The first assignment declares the local.
                    break;
                case AssignStatement assign:
                    var value = Rename(assign.Value, currentName);
                    string version = currentName.ContainsKey(assign.Target) ? names.Fresh(assign.Target) : assign.Target;
                    currentName[assign.Target] = version;
                    output.Add(new AssignStatement(version, assign.TargetKind, value, Declare: true));
                    break;
                case ReturnStatement ret:
                    output.Add(new ReturnStatement(Rename(ret.Value, currentName)));
                    return output;
                default:
                    output.Add(statement);
                    break;
            }
        }

        return output;
    }

    private static Expr Rename(Expr expression, Dictionary<string, string> currentName) =>
        ExprFactory.Rewrite(expression, node =>
            node is VariableExpr variable && currentName.TryGetValue(variable.Name, out string? version)
                ? variable with { Name = version }
                : node);
}
