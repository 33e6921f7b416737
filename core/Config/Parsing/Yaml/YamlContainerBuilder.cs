using System.Collections.Immutable;
using YamlDotNet.Core;

namespace GatewayMesh.Core.Config.Parsing.Yaml;

/// <summary>
/// Collects the children of one open mapping or sequence. Mapping keys must be scalars; a repeated key is kept aside
/// as a duplicate for the binder to report with its field path. A <c>&lt;&lt;</c> merge key copies in the entries
/// of the mapping(s) it names that the mapping does not set itself.
/// </summary>
internal sealed class YamlContainerBuilder(bool isMapping, AnchorName anchor, Mark start)
{
    private const string MergeKey = "<<";

    private readonly List<YamlNode> _items = [];
    private readonly List<YamlEntry> _entries = [];
    private readonly List<YamlEntry> _duplicates = [];
    private readonly List<YamlNode> _merges = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private YamlScalar? _pendingKey;
    private int _size = 1;
    private int _childHeight;

    public AnchorName Anchor { get; } = anchor;

    public Mark Start { get; } = start;

    public void Add(YamlNode node)
    {
        _size += node.Size;
        _childHeight = Math.Max(_childHeight, node.Height);
        if (!isMapping)
        {
            _items.Add(node);
        }
        else if (_pendingKey is null)
        {
            _pendingKey = node as YamlScalar ?? throw new YamlDocumentException(
                $"a mapping key at line {node.Line}, column {node.Column} is {node.Description}; only scalar keys are supported");
        }
        else
        {
            AddEntry(new YamlEntry(_pendingKey, node));
            _pendingKey = null;
        }
    }

    public YamlNode Build()
    {
        var line = YamlNode.Position(Start.Line);
        var column = YamlNode.Position(Start.Column);
        var height = _childHeight + 1;
        if (!isMapping)
        {
            return new YamlSequence([.. _items], line, column, _size, height);
        }

        foreach (var merged in _merges)
        {
            MergeFrom(merged);
        }

        return new YamlMapping([.. _entries], [.. _duplicates], line, column, _size, height);
    }

    private void AddEntry(YamlEntry entry)
    {
        if (entry.Key.IsPlain && entry.Key.Value == MergeKey)
        {
            _merges.Add(entry.Value);
            return;
        }

        if (_keys.Add(entry.Key.Value))
        {
            _entries.Add(entry);
        }
        else
        {
            _duplicates.Add(entry);
        }
    }

    private void MergeFrom(YamlNode source)
    {
        var mappings = source switch
        {
            YamlMapping mapping => [mapping],
            YamlSequence sequence when sequence.Items.All(i => i is YamlMapping) => sequence.Items.Cast<YamlMapping>().ToImmutableArray(),
            _ => throw new YamlDocumentException(
                $"the merge key \"<<\" at line {source.Line}, column {source.Column} needs a mapping or a list of mappings, not {source.Description}"),
        };
        foreach (var mapping in mappings)
        {
            foreach (var entry in mapping.Entries)
            {
                if (_keys.Add(entry.Key.Value))
                {
                    _entries.Add(entry);
                }
            }
        }
    }
}
