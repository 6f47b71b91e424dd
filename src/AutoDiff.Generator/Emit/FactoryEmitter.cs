using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.Model;
using AutoDiff.Generator.Transforms;

namespace AutoDiff.Generator.Emit;

/// <summary>
/// Prints the objective factories: methods that bind a <c>[Differentiable]</c> method's constant arguments and return
/// the solvers' <c>Objective</c> or <c>StochasticObjective</c> built from lambdas over the generated derivatives.
/// </summary>
internal static class FactoryEmitter
{
    private const string Objective = KnownTypes.Objective;
    private const string StochasticObjective = KnownTypes.StochasticObjective;
    private const string Dataset = KnownTypes.Dataset;

    public static void Emit(IndentedWriter writer, ObjectiveFactory factory)
    {
        // The factory's own parameters are the constants; the differentiable ones' names are free for the lambdas.
        var names = new NameAllocator(factory.Parameters.Where(p => !p.Differentiable).Select(p => p.Name));
        string x = names.Fresh("x"), gradient = names.Fresh("gradient"), v = names.Fresh("v"), hv = names.Fresh("hv");
        string value = names.Fresh("value");
        var differentiable = factory.Parameters.Where(p => p.Differentiable).ToList();
        string packed = factory.Packing switch
        {
            ObjectivePacking.Scalars => $"x[0..{differentiable.Count}] = ({string.Join(", ", differentiable.Select(p => p.Name))})",
            ObjectivePacking.Array => $"a copy of x as <c>{differentiable[0].Name}</c> (one allocation per call)",
            _ => $"x as <c>{differentiable[0].Name}</c>",
        };
        writer.Line($"/// <summary><c>{factory.Method}</c> with its constant arguments bound, as an objective for the solvers of "
            + $"<c>AutoDiff.Optimization</c>: {packed}.{SpanNote(factory.Parameters)}</summary>");
        writer.Line(SourceEmitter.GeneratedCodeAttribute);
        string parameters = string.Join(", ", factory.Parameters.Where(p => !p.Differentiable).Select(p => p.TypeText + " " + Identifiers.Escape(p.Name)));
        writer.Open($"{factory.Accessibility}{(factory.IsNew ? " new" : string.Empty)}{(factory.IsStatic ? " static" : string.Empty)} {Objective} {factory.Name}({parameters})");
        var bound = CopySpans(writer, factory.Parameters, names);

        // The arguments of a call of F or of a generated member, inputs first: x, x.ToArray() or x[k], and the constants.
        string Inputs(string point)
        {
            int k = 0;
            return string.Join(", ", factory.Parameters.Select(p => !p.Differentiable
                ? bound[p.Name]
                : factory.Packing switch
                {
                    ObjectivePacking.Span => point,
                    ObjectivePacking.Array => point + ".ToArray()",
                    _ => $"{point}[{k++}]",
                }));
        }

        string method = Identifiers.Escape(factory.Method);
        if (factory.Packing != ObjectivePacking.Scalars)
        {
            writer.Line($"return new {Objective}(");
            writer.Line($"    {x} => {method}({Inputs(x)}),");
            writer.Line($"    ({x}, {gradient}) => {factory.Method}{GeneratedNames.Gradient}({Inputs(x)}, {gradient}){(factory.HasHessianVectorProduct ? "," : ");")}");
            if (factory.HasHessianVectorProduct)
            {
                writer.Line($"    ({x}, {v}, {hv}) => {factory.Method}{GeneratedNames.HessianVectorProduct}({Inputs(x)}, {v}, {hv}));");
            }
        }
        else
        {
            // Several doubles: each lambda checks x's length, and copies the scalar outputs into the vector.
            string check = $"{KnownTypes.PackedLength}({x}, {differentiable.Count}, \"{factory.Method}\");";
            var derivatives = differentiable.Select(p => names.Fresh("d" + p.Name)).ToList();
            string outputs = string.Join(", ", derivatives.Select(d => "out double " + d));
            string Copy(string target) => string.Join(" ", derivatives.Select((d, k) => $"{target}[{k}] = {d};"));
            string directions = string.Join(", ", differentiable.Select((p, k) => $"{v}[{k}]"));
            writer.Line($"return new {Objective}(");
            writer.Line($"    {x} => {{ {check} return {method}({Inputs(x)}); }},");
            writer.Line($"    ({x}, {gradient}) => {{ {check} double {value} = {factory.Method}{GeneratedNames.Gradient}({Inputs(x)}, {outputs}); {Copy(gradient)} return {value}; }}{(factory.HasHessianVectorProduct ? "," : ");")}");
            if (factory.HasHessianVectorProduct)
            {
                writer.Line($"    ({x}, {v}, {hv}) => {{ {check} double {value} = {factory.Method}{GeneratedNames.HessianVectorProduct}({Inputs(x)}, {directions}, {outputs}); {Copy(hv)} return {value}; }});");
            }
        }

        writer.Close();
    }

    public static void Emit(IndentedWriter writer, StochasticObjectiveFactory factory)
    {
        var names = new NameAllocator(factory.Parameters.Where(p => !p.Differentiable && p.Name != factory.Sample).Select(p => p.Name));
        string data = names.Fresh("data"), w = names.Fresh("w"), sample = names.Fresh("sample"), seed = names.Fresh("seed"), adjoint = names.Fresh("wAdjoint");
        writer.Line($"/// <summary>The mean of <c>{factory.Method}</c> over <paramref name=\"{data}\"/>, each sample passed as "
            + $"<c>{factory.Sample}</c> and the other constant arguments bound, for the stochastic solvers.{SpanNote(factory.Parameters.Where(p => p.Name != factory.Sample))}</summary>");
        writer.Line(SourceEmitter.GeneratedCodeAttribute);
        var constants = factory.Parameters.Where(p => !p.Differentiable && p.Name != factory.Sample).ToList();
        string parameters = string.Join(", ", new[] { Dataset + " " + data }.Concat(constants.Select(p => p.TypeText + " " + Identifiers.Escape(p.Name))));
        writer.Open($"{factory.Accessibility}{(factory.IsNew ? " new" : string.Empty)}{(factory.IsStatic ? " static" : string.Empty)} {StochasticObjective} {factory.Name}({parameters})");
        var bound = CopySpans(writer, constants, names);
        string Inputs() => string.Join(", ", factory.Parameters.Select(p => p.Differentiable ? w : p.Name == factory.Sample ? sample : bound[p.Name]));
        writer.Line($"return new {StochasticObjective}(");
        writer.Line($"    ({w}, {sample}, {seed}, {adjoint}) => {factory.Method}{GeneratedNames.Pullback}({Inputs()}, {seed}, {adjoint}),");
        writer.Line($"    {data},");
        writer.Line($"    ({w}, {sample}) => {Identifiers.Escape(factory.Method)}({Inputs()}));");
        writer.Close();
    }

    private static string SpanNote(IEnumerable<FactoryParameter> parameters) =>
        parameters.Any(p => !p.Differentiable && p.IsSpan) ? " Span arguments are copied (arrays are not: later changes to them are seen)." : string.Empty;

    /// <summary>Declares an array copy of each span constant (lambdas cannot capture spans); returns what each constant is passed as.</summary>
    private static Dictionary<string, string> CopySpans(IndentedWriter writer, IEnumerable<FactoryParameter> parameters, NameAllocator names)
    {
        var bound = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var parameter in parameters.Where(p => !p.Differentiable))
        {
            string name = Identifiers.Escape(parameter.Name);
            if (parameter.IsSpan)
            {
                string copy = names.Fresh(parameter.Name + "Copy");
                writer.Line($"{DifferentiableGenerator.SpanElementType(parameter.TypeText) ?? "double"}[] {copy} = {name}.ToArray();");
                bound[parameter.Name] = copy;
            }
            else
            {
                bound[parameter.Name] = name;
            }
        }

        return bound;
    }
}
