using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace AutoDiff.Generator.Model;

/// <summary>
/// Compares by identity. IR records compare by value, and two identical statements at different places in a method
/// (<c>s = s + 1;</c> twice) must still be told apart when facts are kept per statement. (netstandard2.0 lacks the BCL one.)
/// </summary>
internal sealed class ReferenceEqualityComparer : IEqualityComparer<object>
{
    public static readonly ReferenceEqualityComparer Instance = new();

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

    public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
}
