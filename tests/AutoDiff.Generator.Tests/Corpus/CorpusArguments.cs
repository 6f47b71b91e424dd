using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace AutoDiff.Generator.Tests.Corpus;

/// <summary>
/// A corpus function's test arguments, written <c>"x = [1.2, 0.7]; itemIndex = 2; out => 3"</c>: a differentiable
/// parameter's value (a number, or a vector in brackets) is the first test point; any other parameter's value is a C#
/// expression passed as written (a bracketed list becomes <c>new double[] { ... }</c>); <c>name => m</c> gives a vector
/// output's length, and <c>name => [a, b]</c> its length and the values it holds before the call, for a function that
/// reads its output before it writes it (see <see cref="CorpusRunner"/>'s in/out probe), or, for a <c>double[]</c> an
/// in-place method updates, the values it holds before the call (inputs of the check, like a vector's).
/// </summary>
internal sealed class CorpusArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _outputs = new(StringComparer.Ordinal);

    public CorpusArguments(string text)
    {
        Text = text;
        foreach (string part in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int arrow = part.IndexOf("=>", StringComparison.Ordinal);
            if (arrow > 0)
            {
                string output = part[..arrow].Trim(), length = part[(arrow + 2)..].Trim();
                if (length.StartsWith('['))
                {
                    _values[output] = length;
                    _outputs[output] = Values(output).Length;
                    InitialOutput = output;
                }
                else
                {
                    _outputs[output] = int.Parse(length, CultureInfo.InvariantCulture);
                }

                continue;
            }

            int equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"'{part}' in \"{text}\" is neither name = value nor name => length");
            }

            _values[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }
    }

    public string Text { get; }

    /// <summary>The output given the values it holds before the call (<c>name => [a, b]</c>), or null.</summary>
    public string? InitialOutput { get; }

    /// <summary>A differentiable parameter's values.</summary>
    public double[] Values(string name)
    {
        string value = Get(name);
        return value.StartsWith('[')
            ? value.Trim('[', ']').Split(',', StringSplitOptions.TrimEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()
            : [double.Parse(value, CultureInfo.InvariantCulture)];
    }

    /// <summary>A constant parameter's value as C#.</summary>
    public string Expression(string name)
    {
        string value = Get(name);
        return value.StartsWith('[') ? "new double[] { " + value.Trim('[', ']') + " }" : value;
    }

    public int OutputLength(string name) =>
        _outputs.TryGetValue(name, out int length) ? length : throw new KeyNotFoundException($"\"{Text}\" gives no length for the output {name} (write {name} => m)");

    private string Get(string name) =>
        _values.TryGetValue(name, out string? value) ? value : throw new KeyNotFoundException($"\"{Text}\" gives no value for the parameter {name}");
}
