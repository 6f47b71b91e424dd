using System.Collections.Generic;
using System.Linq;
using System.Text;
using AutoDiff.Generator.Emit;
using AutoDiff.Generator.IR;

namespace AutoDiff.Generator.Tests.Passes;

/// <summary>
/// Prints IR statements as compact C#-like text, one statement a line, so that pass tests can assert a program's exact
/// shape in a form a failure message shows readably. Expressions print as the emitter prints them.
/// </summary>
internal static class IrText
{
    public static string Print(IEnumerable<Statement> statements)
    {
        var text = new StringBuilder();
        Append(text, statements, 0);
        return text.ToString();
    }

    private static void Append(StringBuilder text, IEnumerable<Statement> statements, int depth)
    {
        foreach (var statement in statements)
        {
            string indent = new(' ', 2 * depth);
            switch (statement)
            {
                case DeclareStatement declare:
                    text.Append(indent).Append(declare.Kind).Append(' ').Append(declare.Name).Append(";\n");
                    break;
                case AssignStatement assign:
                    text.Append(indent).Append(assign.Declare ? "var " : string.Empty).Append(assign.Target).Append(" = ")
                        .Append(Expression(assign.Value)).Append(";\n");
                    break;
                case ElementAssignStatement element:
                    text.Append(indent).Append(element.Array).Append('[').Append(Expression(element.Index)).Append("] = ")
                        .Append(Expression(element.Value)).Append(";\n");
                    break;
                case IfStatement conditional:
                    text.Append(indent).Append("if (").Append(Expression(conditional.Condition)).Append(") {\n");
                    Append(text, conditional.Then, depth + 1);
                    if (conditional.Else.Count > 0)
                    {
                        text.Append(indent).Append("} else {\n");
                        Append(text, conditional.Else, depth + 1);
                    }

                    text.Append(indent).Append("}\n");
                    break;
                case LoopStatement { TestFirst: true } loop:
                    text.Append(indent).Append(loop.Index is null ? "while" : $"for {loop.Index}").Append(" (")
                        .Append(Expression(loop.Condition)).Append(") {\n");
                    Append(text, loop.Body, depth + 1);
                    AppendIncrement(text, loop, indent, depth);
                    text.Append(indent).Append("}\n");
                    break;
                case LoopStatement loop:
                    text.Append(indent).Append("do {\n");
                    Append(text, loop.Body, depth + 1);
                    AppendIncrement(text, loop, indent, depth);
                    text.Append(indent).Append("} while (").Append(Expression(loop.Condition)).Append(");\n");
                    break;
                case BreakStatement:
                    text.Append(indent).Append("break;\n");
                    break;
                case ContinueStatement:
                    text.Append(indent).Append("continue;\n");
                    break;
                case ExitStatement:
                    text.Append(indent).Append("exit;\n");
                    break;
                case ReturnStatement ret:
                    text.Append(indent).Append("return ").Append(Expression(ret.Value)).Append(";\n");
                    break;
                default:
                    text.Append(indent).Append(statement).Append('\n');
                    break;
            }
        }
    }

    private static void AppendIncrement(StringBuilder text, LoopStatement loop, string indent, int depth)
    {
        if (loop.Increment.Count > 0)
        {
            text.Append(indent).Append("} increment {\n");
            Append(text, loop.Increment, depth + 1);
        }
    }

    /// <summary>An expression as the emitter prints it, without the <c>global::System.</c> qualification.</summary>
    public static string Expression(Expr expression) =>
        ExpressionPrinter.Print(expression).Replace("global::System.", string.Empty, System.StringComparison.Ordinal);

    /// <summary>Joins lines with newlines, one trailing: the expected text of <see cref="Print"/>.</summary>
    public static string Lines(params string[] lines) => string.Concat(lines.Select(line => line + "\n"));
}
