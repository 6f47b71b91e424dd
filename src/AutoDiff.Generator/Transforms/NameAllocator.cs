using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generator.IR;
using AutoDiff.Generator.Model;

namespace AutoDiff.Generator.Transforms;

/// <summary>Hands out identifiers that collide with nothing the user wrote and nothing handed out before.</summary>
internal sealed class NameAllocator
{
    private readonly HashSet<string> _taken;
    private int _counter;

    public NameAllocator(IEnumerable<string> reserved) => _taken = new HashSet<string>(reserved, StringComparer.Ordinal);

    private NameAllocator(NameAllocator other)
    {
        _taken = new HashSet<string>(other._taken, StringComparer.Ordinal);
        _counter = other._counter;
    }

    /// <summary>
    /// For a pass over a finished member: every name the member already uses (parameters, locals it declares or assigns,
    /// names it reads) is taken.
    /// </summary>
    public static NameAllocator ForMember(GeneratedMethod method)
    {
        var taken = new HashSet<string>(method.Parameters.Select(p => p.Name), StringComparer.Ordinal);
        taken.UnionWith(DeadStores.Used(method.Body));
        taken.UnionWith(StatementTree.Descendants(method.Body).OfType<DeclareStatement>().Select(d => d.Name));
        taken.UnionWith(StatementTree.Descendants(method.Body).OfType<AssignStatement>().Select(a => a.Target));
        return new NameAllocator(taken);
    }

    /// <summary>An allocator that starts where this one is and then goes its own way.</summary>
    public NameAllocator Clone() => new(this);

    /// <summary>Every name reserved or handed out so far.</summary>
    public IEnumerable<string> Taken => _taken;

    /// <summary><paramref name="preferred"/> if free, otherwise <c>preferred_1</c>, <c>preferred_2</c>, ...</summary>
    public string Fresh(string preferred)
    {
        string name = preferred;
        for (int suffix = 1; !_taken.Add(name); suffix++)
        {
            name = preferred + "_" + suffix;
        }

        return name;
    }

    /// <summary>The next free name of the form <c>{prefix}{n}</c>, for temporaries.</summary>
    public string Numbered(string prefix)
    {
        string name;
        do
        {
            name = prefix + _counter++;
        }
        while (!_taken.Add(name));
        return name;
    }
}
