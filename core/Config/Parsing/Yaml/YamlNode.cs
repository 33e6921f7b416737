using System.Collections.Immutable;

namespace GatewayMesh.Core.Config.Parsing.Yaml;

/// <summary>
/// One node of a parsed YAML document. The tree is immutable; an alias shares the anchored node, so
/// <see cref="Size"/> and <see cref="Height"/> count every use of it, as if it were written out in full.
/// </summary>
internal abstract class YamlNode(int line, int column, int size, int height)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>Nodes in this subtree with aliases expanded, this node included.</summary>
    public int Size { get; } = size;

    /// <summary>Levels below this node with aliases expanded (0 for a scalar).</summary>
    public int Height { get; } = height;

    /// <summary>The kind of node in a few words, for type errors ("a mapping", "a list").</summary>
    public abstract string Description { get; }

    /// <summary>YamlDotNet counts lines and columns in <see cref="long"/>; nothing we accept gets near <see cref="int.MaxValue"/>.</summary>
    public static int Position(long value) => value > int.MaxValue ? int.MaxValue : (int)value;
}

/// <summary>A scalar as written: its text and whether it was plain (unquoted, untagged) and so subject to type resolution.</summary>
internal sealed class YamlScalar(string value, bool isPlain, int line, int column)
    : YamlNode(line, column, size: 1, height: 0)
{
    public string Value { get; } = value;

    /// <summary>True for a plain scalar whose type is resolved by the YAML 1.2 core schema (null, bool, number or string).</summary>
    public bool IsPlain { get; } = isPlain;

    public bool IsNull => IsPlain && CoreSchema.IsNull(Value);

    public override string Description => IsPlain ? CoreSchema.Describe(Value) : $"the string \"{Value}\"";
}

/// <summary>A mapping with its entries in document order; keys are scalars.</summary>
internal sealed class YamlMapping(ImmutableArray<YamlEntry> entries, ImmutableArray<YamlEntry> duplicates, int line, int column, int size, int height)
    : YamlNode(line, column, size, height)
{
    public ImmutableArray<YamlEntry> Entries { get; } = entries;

    /// <summary>Entries whose key repeats an earlier one; they are errors and take no part in binding.</summary>
    public ImmutableArray<YamlEntry> Duplicates { get; } = duplicates;

    public YamlNode? Find(string key)
    {
        foreach (var entry in Entries)
        {
            if (entry.Key.Value == key)
            {
                return entry.Value;
            }
        }

        return null;
    }

    public override string Description => "a mapping";
}

/// <summary>A sequence of nodes.</summary>
internal sealed class YamlSequence(ImmutableArray<YamlNode> items, int line, int column, int size, int height)
    : YamlNode(line, column, size, height)
{
    public ImmutableArray<YamlNode> Items { get; } = items;

    public override string Description => "a list";
}

/// <summary>One key/value pair of a mapping.</summary>
internal readonly record struct YamlEntry(YamlScalar Key, YamlNode Value);

/// <summary>One non-empty document of a stream, with its 1-based position among all documents.</summary>
internal sealed record YamlDocument(int Number, YamlNode Root);
