using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace AutoDiff.Benchmarks.TorchSharp;

/// <summary>
/// Lets TorchSharp's binding library load on a system whose libstdc++ is older than the one it was linked against.
/// <para>
/// <c>libLibTorchSharp.so</c> of TorchSharp 0.107.0 asks libstdc++ for version <c>GLIBCXX_3.4.32</c> (GCC 13); Debian 12
/// ships GCC 12's, so the dynamic loader refuses it ("version 'GLIBCXX_3.4.32' not found") and every TorchSharp call
/// throws. The one symbol it wants at that version is <c>std::ios_base_library_init()</c>, which GCC 13's
/// <c>&lt;iostream&gt;</c> names only as a link-time anchor (it replaces the static <c>ios_base::Init</c> object of
/// older headers; libtorch's own libraries, built with an older GCC, still construct that object, so the standard
/// streams are set up): no relocation refers to it, so nothing is ever bound to it. Marking that one version
/// requirement weak (<c>VER_FLG_WEAK</c> in the library's <c>.gnu.version_r</c>) makes the loader accept its absence
/// and changes nothing else. This class checks all of that in the ELF file before it flips the flag, and refuses
/// (throws, naming what it found) if the library wants anything else at that version.
/// </para>
/// </summary>
internal static class LibTorchSharpLoading
{
    private const string WantedVersion = "GLIBCXX_3.4.32";
    private const string AnchorSymbol = "_ZSt21ios_base_library_initv";
    private const string SystemLibStdCxx = "/lib/x86_64-linux-gnu/libstdc++.so.6";

    private const uint SectionVersionNeeds = 0x6ffffffe; // SHT_GNU_verneed
    private const uint SectionVersionSymbols = 0x6fffffff; // SHT_GNU_versym
    private const uint SectionDynamicSymbols = 11; // SHT_DYNSYM
    private const uint SectionRelocationsWithAddends = 4; // SHT_RELA
    private const ushort WeakVersion = 2; // VER_FLG_WEAK

    /// <summary>
    /// Marks the <c>GLIBCXX_3.4.32</c> requirement of the binding library in this program's output folder weak when the
    /// system's libstdc++ lacks that version; returns what it did, for the log.
    /// </summary>
    public static string MakeLoadable()
    {
        string library = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        if (!OperatingSystem.IsLinux() || !File.Exists(library) || !File.Exists(SystemLibStdCxx))
        {
            return "libLibTorchSharp.so left as shipped (not a Linux x64 output folder with the system libstdc++ here)";
        }

        if (Contains(File.ReadAllBytes(SystemLibStdCxx), Encoding.ASCII.GetBytes(WantedVersion + "\0")))
        {
            return $"libLibTorchSharp.so left as shipped (the system libstdc++ has {WantedVersion})";
        }

        byte[] elf = File.ReadAllBytes(library);
        bool changed = MarkVersionWeak(elf);
        if (changed)
        {
            File.WriteAllBytes(library, elf);
        }

        return $"libLibTorchSharp.so: its {WantedVersion} requirement (only {AnchorSymbol}, never bound) "
            + (changed ? "marked weak" : "was already weak") + $", since {SystemLibStdCxx} lacks that version";
    }

    /// <summary>Sets <c>VER_FLG_WEAK</c> on the wanted version after checking that only the anchor needs it; false if set already.</summary>
    private static bool MarkVersionWeak(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidOperationException("libLibTorchSharp.so is not a little-endian 64-bit ELF file.");
        }

        Section[] sections = ReadSections(elf);
        Section needs = Find(sections, SectionVersionNeeds);
        Section symbols = Find(sections, SectionDynamicSymbols);
        Section versions = Find(sections, SectionVersionSymbols);

        // .gnu.version_r: per needed file, a list of (hash, flags, version index, name) entries.
        int flagsOffset = -1, versionIndex = -1;
        long file = needs.Offset;
        for (uint n = 0; n < needs.Info; n++)
        {
            long entry = file + U32(elf, file + 8);
            for (int a = 0; a < U16(elf, file + 2); a++)
            {
                if (String(elf, sections[needs.Link].Offset + U32(elf, entry + 8)) == WantedVersion)
                {
                    flagsOffset = checked((int)(entry + 4));
                    versionIndex = U16(elf, entry + 6);
                }

                entry += U32(elf, entry + 12);
            }

            file += U32(elf, file + 12);
        }

        if (flagsOffset < 0)
        {
            throw new InvalidOperationException($"libLibTorchSharp.so does not ask for {WantedVersion}: this check was written for TorchSharp 0.107.0.");
        }

        // Every dynamic symbol that carries that version must be the anchor, and no relocation may refer to it.
        long count = symbols.Size / 24;
        for (long s = 0; s < count; s++)
        {
            if ((U16(elf, versions.Offset + 2 * s) & 0x7fff) != versionIndex)
            {
                continue;
            }

            string name = String(elf, sections[symbols.Link].Offset + U32(elf, symbols.Offset + 24 * s));
            if (name != AnchorSymbol || IsRelocated(elf, sections, s))
            {
                throw new InvalidOperationException($"libLibTorchSharp.so needs {name} at {WantedVersion}"
                    + (name == AnchorSymbol ? " through a relocation" : "") + ": its requirement cannot be made weak safely.");
            }
        }

        ushort flags = U16(elf, flagsOffset);
        if ((flags & WeakVersion) != 0)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(elf.AsSpan(flagsOffset), (ushort)(flags | WeakVersion));
        return true;
    }

    private static bool IsRelocated(byte[] elf, Section[] sections, long symbol)
    {
        foreach (Section section in sections)
        {
            if (section.Type != SectionRelocationsWithAddends)
            {
                continue;
            }

            for (long r = section.Offset; r < section.Offset + section.Size; r += 24)
            {
                if (BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(checked((int)(r + 8)))) >> 32 == (ulong)symbol)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private readonly record struct Section(uint Type, long Offset, long Size, int Link, uint Info);

    private static Section[] ReadSections(byte[] elf)
    {
        long table = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(0x28)));
        int size = U16(elf, 0x3a), count = U16(elf, 0x3c);
        var sections = new Section[count];
        for (int i = 0; i < count; i++)
        {
            long header = table + (long)i * size;
            sections[i] = new Section(
                U32(elf, header + 4),
                checked((long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(checked((int)(header + 0x18))))),
                checked((long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(checked((int)(header + 0x20))))),
                (int)U32(elf, header + 0x28),
                U32(elf, header + 0x2c));
        }

        return sections;
    }

    private static Section Find(Section[] sections, uint type) =>
        Array.Find(sections, s => s.Type == type) is { Size: > 0 } found
            ? found
            : throw new InvalidOperationException($"libLibTorchSharp.so has no section of type 0x{type:x}.");

    private static ushort U16(byte[] elf, long offset) => BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(checked((int)offset)));

    private static uint U32(byte[] elf, long offset) => BinaryPrimitives.ReadUInt32LittleEndian(elf.AsSpan(checked((int)offset)));

    private static string String(byte[] elf, long offset)
    {
        int start = checked((int)offset);
        int end = Array.IndexOf(elf, (byte)0, start);
        return Encoding.ASCII.GetString(elf, start, end - start);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
