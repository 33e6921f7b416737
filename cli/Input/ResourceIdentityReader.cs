using GatewayMesh.Core.Config.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GatewayMesh.Cli.Input;

/// <summary>
/// Reads only kind, namespace and name from each document, as <c>delete -f</c> needs: a spec that would fail
/// validation must not stop its resource from being deleted.
/// </summary>
internal static class ResourceIdentityReader
{
    public static IReadOnlyList<ResourceKey> Read(InputDocument input, string defaultNamespace)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(input.Text));
        }
        catch (YamlException ex)
        {
            throw new CliException($"{input.Name}: invalid YAML at line {ex.Start.Line}: {ex.Message}");
        }

        var keys = new List<ResourceKey>();
        for (var i = 0; i < stream.Documents.Count; i++)
        {
            if (stream.Documents[i].RootNode is not YamlMappingNode root)
            {
                continue;
            }

            var where = $"{input.Name} document {i + 1}";
            var kindText = Scalar(root, "kind") ?? throw new CliException($"{where}: missing kind");
            var kind = ResourceKinds.Find(kindText) ?? throw new CliException($"{where}: unknown kind \"{kindText}\"");
            var metadata = root.Children.TryGetValue(new YamlScalarNode("metadata"), out var node) ? node as YamlMappingNode : null;
            var name = metadata is null ? null : Scalar(metadata, "name");
            if (string.IsNullOrEmpty(name))
            {
                throw new CliException($"{where}: missing metadata.name");
            }

            var ns = metadata is null ? null : Scalar(metadata, "namespace");
            keys.Add(new ResourceKey(kind.Kind, string.IsNullOrEmpty(ns) ? defaultNamespace : ns, name));
        }

        return keys;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
}
