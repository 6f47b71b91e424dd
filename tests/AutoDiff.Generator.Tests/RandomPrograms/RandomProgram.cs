using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Generator.Tests.RandomPrograms;

internal enum ParameterKind
{
    /// <summary><c>double</c>: differentiable, output <c>out double</c>.</summary>
    Scalar,

    /// <summary><c>ReadOnlySpan&lt;double&gt;</c>: differentiable, output <c>Span&lt;double&gt;</c>.</summary>
    Span,

    /// <summary><c>double[]</c>: differentiable, output <c>Span&lt;double&gt;</c>.</summary>
    Array,

    /// <summary><c>[Constant] ReadOnlySpan&lt;double&gt;</c>: data.</summary>
    ConstantSpan,

    /// <summary><c>[Constant] double</c>: data.</summary>
    ConstantScalar,

    /// <summary><c>int</c>: a constant by its type.</summary>
    Int,

    /// <summary><c>bool</c>: a constant by its type.</summary>
    Bool,
}

/// <param name="Name">The parameter's name.</param>
/// <param name="Kind">Its type, and so whether it is differentiable.</param>
/// <param name="Length">Element count of a vector parameter, fixed for the program.</param>
/// <param name="Argument">For a constant: the C# expression the test passes.</param>
internal sealed record Parameter(string Name, ParameterKind Kind, int Length, string Argument)
{
    public bool IsDifferentiable => Kind is ParameterKind.Scalar or ParameterKind.Span or ParameterKind.Array;

    public bool IsVector => Kind is ParameterKind.Span or ParameterKind.Array or ParameterKind.ConstantSpan;

    public string Declaration => Kind switch
    {
        ParameterKind.Scalar => "double " + Name,
        ParameterKind.Span => "ReadOnlySpan<double> " + Name,
        ParameterKind.Array => "double[] " + Name,
        ParameterKind.ConstantSpan => "[Constant] ReadOnlySpan<double> " + Name,
        ParameterKind.ConstantScalar => "[Constant] double " + Name,
        ParameterKind.Int => "int " + Name,
        _ => "bool " + Name,
    };
}

/// <summary>
/// One generated program. The test sees every program through three wrappers with the same reflection-friendly
/// shape, taking all differentiable inputs packed into one flat vector in parameter order:
/// <c>double Value(double[] input)</c>, <c>double Gradient(double[] input, double[] gradient)</c> and
/// <c>long Trace(double[] input)</c> (the path the computation took, see <see cref="KinksSource"/>).
/// </summary>
internal sealed record RandomProgram(
    int Index,
    string ClassName,
    string Source,
    IReadOnlyList<Parameter> Parameters,
    IReadOnlySet<Construct> Constructs,
    IReadOnlySet<string> Functions,
    string VectorOutputMembers = "")
{
    /// <summary>
    /// The program with <see cref="VectorOutputMembers"/> added to its class: <c>V</c>, F rewritten as a vector-output
    /// method (each return writes r = (f, f^2, 0.5)), and the flat wrappers <c>FlatJacobianVectorProduct</c>,
    /// <c>FlatVectorJacobianProduct</c> and (one differentiable vector parameter only) <c>FlatJacobian</c>.
    /// </summary>
    public RandomProgram WithVectorOutput() => this with { Source = Source.Insert(Source.LastIndexOf('}'), VectorOutputMembers) };

    /// <summary>Whether F has exactly one differentiable parameter and it is a vector, so that V gets a dense Jacobian.</summary>
    public bool HasJacobian => Parameters.Count(p => p.IsDifferentiable) == 1 && Parameters.Single(p => p.IsDifferentiable).IsVector;

    public int InputLength => Parameters.Where(p => p.IsDifferentiable).Sum(p => p.IsVector ? p.Length : 1);

    /// <summary>Names coordinate <paramref name="coordinate"/> of the flat input, e.g. <c>w[1]</c> or <c>y</c>.</summary>
    public string DescribeCoordinate(int coordinate)
    {
        int offset = 0;
        foreach (var p in Parameters.Where(p => p.IsDifferentiable))
        {
            int length = p.IsVector ? p.Length : 1;
            if (coordinate < offset + length)
            {
                return p.IsVector ? $"{p.Name}[{coordinate - offset}]" : p.Name;
            }

            offset += length;
        }

        return "?";
    }
}
