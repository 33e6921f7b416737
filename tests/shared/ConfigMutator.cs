using System.Text;
using YamlDotNet.RepresentationModel;

namespace GatewayMesh.Testing;

/// <summary>
/// Random, reproducible damage to a YAML file, as users make it: a value of the wrong type or out of range, a key
/// misspelt, dropped or added, a list where a map belongs, a line lost or repeated, a file cut short, stray bytes.
/// Tree mutations keep the YAML readable so the binder and validators are reached; text mutations exercise the reader.
/// </summary>
internal static class ConfigMutator
{
    private static readonly string[] Scalars =
    [
        "", "0", "-1", "-40", "1", "2", "100", "101", "65536", "2147483648", "99999999999999999999999", "1.5", "-0.0", "NaN",
        "true", "false", "yes", "~", "null", "3x", "10q", "1h", "0s", "-5s", "1e309", "*", "*.*", "/", "..", "../x", "a b",
        "UPPER", "Bad_Name", "reviews", "v1", "10.0.0.0/33", "::1", "http://x", "spiffe://a/b", "[", "{", "'", "\"", "\t",
        "é", "\u200b", "\U0001F600", "\\1", "(a)\\1", "^(.*?;)?(user=jason)(;.*)?$", new string('a', 300), new string('9', 64),
    ];

    private static readonly string[] Keys = ["spec", "name", "hosts", "route", "weight", "match", "retriess", "apiVersion", "kind", "metadata", "subset", "x", ""];

    /// <summary>One to three mutations of <paramref name="yaml"/>.</summary>
    public static string Mutate(string yaml, Random random)
    {
        var text = yaml;
        var count = 1 + random.Next(3);
        for (var i = 0; i < count; i++)
        {
            text = random.Next(4) == 0 ? MutateText(text, random) : MutateTree(text, random) ?? MutateText(text, random);
        }

        return text;
    }

    private static string MutateText(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        var at = random.Next(lines.Count);
        switch (random.Next(7))
        {
            case 0:
                lines.RemoveAt(at);
                break;
            case 1:
                lines.Insert(at, lines[at]);
                break;
            case 2:
                return text[..random.Next(text.Length + 1)];
            case 3:
                lines[at] = " " + lines[at];
                break;
            case 4:
                lines[at] = lines[at].Length == 0 ? "\t" : lines[at].Insert(random.Next(lines[at].Length), Pick(["\t", ":", "- ", "[", "}", "&a ", "*a", "!!binary ", "---", "%", "\0", "\"", "#"], random));
                break;
            case 5:
                lines.Insert(at, "---");
                break;
            default:
                var from = random.Next(lines.Count);
                (lines[at], lines[from]) = (lines[from], lines[at]);
                break;
        }

        return string.Join('\n', lines);
    }

    /// <summary>A mutation of one node of one document; null when the text does not read as YAML.</summary>
    private static string? MutateTree(string text, Random random)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return null;
        }

        var nodes = stream.Documents.SelectMany(d => Walk(d.RootNode, null)).ToList();
        if (nodes.Count == 0)
        {
            return null;
        }

        var (node, parent) = nodes[random.Next(nodes.Count)];
        switch (random.Next(8))
        {
            case 0 or 1 when node is YamlScalarNode scalar:
                scalar.Value = Pick(Scalars, random);
                scalar.Style = YamlDotNet.Core.ScalarStyle.Any;
                break;
            case 2 when node is YamlScalarNode scalar:
                scalar.Value = Pick(Scalars, random);
                scalar.Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted;
                break;
            case 3 when parent is YamlMappingNode map:
                var key = map.Children.First(c => ReferenceEquals(c.Value, node)).Key;
                map.Children.Remove(key);
                break;
            case 4 when node is YamlMappingNode map:
                map.Children[new YamlScalarNode(Pick(Keys, random) + (random.Next(2) == 0 ? "" : "s"))] = new YamlScalarNode(Pick(Scalars, random));
                break;
            case 5 when node is YamlSequenceNode sequence && sequence.Children.Count > 0:
                sequence.Children.Add(sequence.Children[random.Next(sequence.Children.Count)]);
                break;
            case 6 when parent is not null:
                Replace(parent, node, random.Next(3) switch
                {
                    0 => new YamlSequenceNode(new YamlScalarNode(Pick(Scalars, random))),
                    1 => new YamlMappingNode(new YamlScalarNode(Pick(Keys, random)), new YamlScalarNode(Pick(Scalars, random))),
                    _ => new YamlScalarNode(Pick(Scalars, random)),
                });
                break;
            case 7 when node is YamlMappingNode map && map.Children.Count > 0:
                var entry = map.Children.ElementAt(random.Next(map.Children.Count));
                map.Children.Remove(entry.Key);
                map.Children[new YamlScalarNode(Typo(((entry.Key as YamlScalarNode)?.Value ?? "k"), random))] = entry.Value;
                break;
            default:
                if (node is YamlScalarNode other)
                {
                    other.Value = Pick(Scalars, random);
                }

                break;
        }

        var writer = new StringWriter();
        foreach (var document in stream.Documents)
        {
            writer.Write("---\n");
            new YamlStream(document).Save(writer, assignAnchors: false);
        }

        return writer.ToString();
    }

    private static IEnumerable<(YamlNode Node, YamlNode? Parent)> Walk(YamlNode node, YamlNode? parent)
    {
        yield return (node, parent);
        IEnumerable<YamlNode> children = node switch
        {
            YamlMappingNode map => map.Children.Values,
            YamlSequenceNode sequence => sequence.Children,
            _ => [],
        };
        foreach (var child in children.ToList())
        {
            foreach (var pair in Walk(child, node))
            {
                yield return pair;
            }
        }
    }

    private static void Replace(YamlNode parent, YamlNode node, YamlNode replacement)
    {
        if (parent is YamlMappingNode map)
        {
            map.Children[map.Children.First(c => ReferenceEquals(c.Value, node)).Key] = replacement;
        }
        else if (parent is YamlSequenceNode sequence)
        {
            sequence.Children[sequence.Children.IndexOf(node)] = replacement;
        }
    }

    private static string Typo(string key, Random random)
    {
        if (key.Length == 0)
        {
            return "x";
        }

        var builder = new StringBuilder(key);
        var at = random.Next(key.Length);
        switch (random.Next(3))
        {
            case 0:
                builder.Insert(at, key[at]);
                break;
            case 1:
                builder.Remove(at, 1);
                break;
            default:
                builder[at] = char.IsUpper(key[at]) ? char.ToLowerInvariant(key[at]) : char.ToUpperInvariant(key[at]);
                break;
        }

        return builder.ToString();
    }

    private static string Pick(string[] values, Random random) => values[random.Next(values.Length)];
}
