using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiff.Generator.Model;

/// <summary>A location without a syntax tree, so that diagnostics can live in the cached model.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo From(Location location) =>
        new(location.SourceTree?.FilePath ?? string.Empty, location.SourceSpan, location.GetLineSpan().Span);

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}

/// <summary>A diagnostic to report: which descriptor, where, and the message arguments.</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location location, params string[] arguments) =>
        new(descriptor.Id, LocationInfo.From(location), arguments.ToEquatableArray());

    /// <summary>An argument on one line, so every message is one line (an IDE's list, a build log), even an exception's.</summary>
    private static string OneLine(string argument) =>
        string.Join(" ", argument.Split(new[] { '\r', '\n', '\u0085', '\u2028', '\u2029' }, System.StringSplitOptions.RemoveEmptyEntries).Select(part => part.Trim()));

    public Diagnostic ToDiagnostic() => ToDiagnostic(Location.ToLocation());

    /// <summary>The diagnostic at <paramref name="location"/> (the analyzer's, in the syntax tree itself).</summary>
    public Diagnostic ToDiagnostic(Location location) =>
        Diagnostic.Create(
            Diagnostics.DiagnosticDescriptors.ById(Id),
            location,
            Arguments.Select(OneLine).Cast<object>().ToArray());
}
