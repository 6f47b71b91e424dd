using System.Text;

namespace AutoDiff.Generator.Emit;

/// <summary>Builds generated source line by line with consistent four-space indentation and '\n' line ends.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    // The #line directive written before each line while the lines belong to one line of the user's source, or null.
    private string? _mapping;
    private bool _hidden;

    /// <summary>
    /// Maps every following line to line <paramref name="line"/> of <paramref name="path"/> (a <c>#line</c> directive
    /// before each: the code of one source line spans several generated lines, which must not count on from it).
    /// </summary>
    public void MapTo(int line, string path)
    {
        _mapping = $"#line {line} \"{path}\"";
        _hidden = false;
    }

    /// <summary>Stops writing the mapping before each line (a comment line needs none), without a directive of its own.</summary>
    public void PauseMapping() => _mapping = null;

    /// <summary>Following lines are generated code with no source line (<c>#line hidden</c>: debuggers step over them).</summary>
    public void Hide()
    {
        _mapping = null;
        if (!_hidden)
        {
            _text.Append("#line hidden\n");
            _hidden = true;
        }
    }

    /// <summary>Following lines are the generated file's own again (<c>#line default</c>).</summary>
    public void Unmap()
    {
        _mapping = null;
        _hidden = false;
        _text.Append("#line default\n");
    }

    public void Line(string line = "")
    {
        if (_mapping is not null)
        {
            _text.Append(_mapping).Append('\n');
        }

        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4);
            _text.Append(line);
        }

        _text.Append('\n');
    }

    public void Open(string header)
    {
        Line(header);
        Line("{");
        _depth++;
    }

    /// <summary>Opens a bare block: <c>{</c> on a line of its own.</summary>
    public void OpenBlock()
    {
        Line("{");
        _depth++;
    }

    public void Close(string suffix = "")
    {
        _depth--;
        Line("}" + suffix);
    }

    public override string ToString() => _text.ToString();
}
