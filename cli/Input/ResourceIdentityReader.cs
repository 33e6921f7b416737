using GatewayMesh.Core.Config.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GatewayMesh.Cli.Input;

/// <summary>
/// Reads only kind, namespace and name from each document, as <c>delete -f</c> needs: a spec that would fail
/// validation must not stop its resource from being deleted. Documents that are not mesh config (Kubernetes kinds
/// mixed into the file) are passed over.
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
            if (Scalar(root, "kind") == "List")
            {
                var items = Child(root, "items") as YamlSequenceNode ?? throw new CliException($"{where}: a List needs items");
                keys.AddRange(items.Children
                    .Select((item, j) => (Node: item as YamlMappingNode, Where: $"{where} items[{j}]"))
                    .Where(item => !IsForeign(item.Node))
                    .Select(item => KeyOf(item.Node, item.Where, defaultNamespace)));
            }
            else if (!IsForeign(root))
            {
                keys.Add(KeyOf(root, where, defaultNamespace));
            }
        }

        return keys;
    }

    private static ResourceKey KeyOf(YamlMappingNode? node, string where, string defaultNamespace)
    {
        if (node is null)
        {
            throw new CliException($"{where}: expected a mapping");
        }

        var kindText = Scalar(node, "kind") ?? throw new CliException($"{where}: missing kind");
        var kind = ResourceKinds.Find(kindText) ?? throw new CliException($"{where}: unknown kind \"{kindText}\"");
        var metadata = Child(node, "metadata") as YamlMappingNode;
        var name = metadata is null ? null : Scalar(metadata, "name");
        if (string.IsNullOrEmpty(name))
        {
            throw new CliException($"{where}: missing metadata.name");
        }

        var ns = metadata is null ? null : Scalar(metadata, "namespace");
        return new ResourceKey(kind.Kind, string.IsNullOrEmpty(ns) ? defaultNamespace : ns, name);
    }

    private static bool IsForeign(YamlMappingNode? node) =>
        node is not null && Scalar(node, "apiVersion") is { } apiVersion && Scalar(node, "kind") is { } kind &&
        MeshApiGroups.IsForeign(apiVersion, kind);

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;
}
