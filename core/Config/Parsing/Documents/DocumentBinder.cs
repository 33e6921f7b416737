using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing.Binding;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Documents;

/// <summary>
/// Binds one YAML document: a single resource, a <c>kind: List</c> (or <c>VirtualServiceList</c> etc.) with
/// <c>items</c>, as <c>kubectl get -o yaml|json</c> prints, or a bare sequence of resources (a JSON array).
/// Errors of an identified resource carry paths from the resource; otherwise the resource is "document N" and the
/// path starts at the document root (<c>items[2].kind</c>). A list may hold at most <c>MaxDocuments</c> items.
/// Resources of API groups the mesh does not serve (Kubernetes kinds) are skipped, not bound.
/// </summary>
internal sealed class DocumentBinder(string documentLabel, int maxItems, List<ParsedItem> items, List<SkippedDocument> skipped)
{
    private static readonly string[] ListFields = ["apiVersion", "kind", "metadata", "items"];

    public void Bind(YamlNode root)
    {
        switch (root)
        {
            case YamlMapping mapping when IsList(mapping):
                BindList(mapping);
                break;
            case YamlSequence sequence:
                BindItems(sequence, "");
                break;
            default:
                BindResource(root, "");
                break;
        }
    }

    private static bool IsList(YamlMapping mapping) =>
        mapping.Find("kind") is YamlScalar { IsNull: false } kind &&
        (kind.Value == "List" || ResourceKinds.All.Any(k => kind.Value == k.Kind + "List"));

    private void BindList(YamlMapping list)
    {
        var context = new BindingContext();
        DuplicateKeys.Report(list, FieldPath.Root.Field, context);
        foreach (var (key, value) in list.Entries)
        {
            if (!ListFields.Contains(key.Value))
            {
                context.Add(FieldPath.Root.Field(key.Value), $"unknown field \"{key.Value}\"{SpellingHint.Suffix(key.Value, ListFields)}");
            }
            else if (key.Value == "items" && value is not YamlSequence and not YamlScalar { IsNull: true })
            {
                context.Add(FieldPath.Root.Field("items"), $"expected a list, got {value.Description}");
            }
        }

        if (context.HasErrors)
        {
            items.Add(new ParsedItem(documentLabel, null, ErrorsOf(context, documentLabel, "")));
        }

        if (list.Find("items") is YamlSequence listItems)
        {
            BindItems(listItems, "items");
        }
    }

    private void BindItems(YamlSequence sequence, string prefix)
    {
        if (sequence.Items.Length > maxItems)
        {
            Fail(prefix, $"too many items: the limit is {maxItems}");
            return;
        }

        for (var i = 0; i < sequence.Items.Length; i++)
        {
            BindResource(sequence.Items[i], $"{prefix}[{i}]");
        }
    }

    private void BindResource(YamlNode node, string prefix)
    {
        if (node is not YamlMapping mapping)
        {
            Fail(prefix, $"expected a resource (a mapping with apiVersion, kind, metadata and spec), got {node.Description}");
            return;
        }

        if (prefix.Length > 0 && IsList(mapping))
        {
            Fail(prefix, "a List inside a List is not supported");
            return;
        }

        if (ForeignResource.TryRead(mapping, prefix.Length == 0 ? documentLabel : $"{documentLabel} {prefix}") is { } foreign)
        {
            skipped.Add(foreign);
            return;
        }

        var context = new BindingContext();
        var resource = ResourceBinder.Bind(mapping, context);
        var (label, pathPrefix) = ResourceLabel.TryIdentify(mapping) is { } identified ? (identified, "") : (documentLabel, prefix);
        items.Add(new ParsedItem(label, resource, ErrorsOf(context, label, pathPrefix))
        {
            UnboundPaths = [.. context.Errors.Where(e => e.LostValue).Select(e => JoinPath(pathPrefix, e.Path))],
        });
    }

    private void Fail(string path, string message) =>
        items.Add(new ParsedItem(documentLabel, null, [new ConfigError(documentLabel, path, message)]));

    private static ConfigError[] ErrorsOf(BindingContext context, string label, string prefix) =>
        [.. context.Errors.Select(error => new ConfigError(label, JoinPath(prefix, error.Path), error.Message))];

    private static string JoinPath(string prefix, string path) =>
        prefix.Length == 0 ? path
        : path.Length == 0 ? prefix
        : path[0] == '[' ? prefix + path
        : $"{prefix}.{path}";
}
