using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing.Binding;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Documents;

/// <summary>
/// Binds one resource mapping: <c>apiVersion</c> and <c>kind</c> checked against <see cref="ResourceKinds"/>,
/// <c>metadata</c>, and <c>spec</c> into the kind's spec type. A top-level <c>status</c> is accepted and dropped.
/// Every problem is in the context. Returns the resource as far as it could be bound (bad fields unset, a bad
/// apiVersion replaced by the kind's preferred one) whenever the kind and name are known, so that semantic validation
/// can still run on it; null when they are not.
/// </summary>
internal static class ResourceBinder
{
    private static readonly string[] TopLevelFields = ["apiVersion", "kind", "metadata", "spec", "status"];

    public static ConfigResource? Bind(YamlMapping root, BindingContext context)
    {
        var path = FieldPath.Root;
        DuplicateKeys.Report(root, path.Field, context);
        var kind = ReadKind(root.Find("kind"), path.Field("kind"), context);
        string? apiVersion = null;
        ResourceMetadata? metadata = null;
        object? spec = null;
        var extras = new List<(ObjectField Field, object? Value)>();
        foreach (var (key, value) in root.Entries)
        {
            var fieldPath = path.Field(key.Value);
            switch (key.Value)
            {
                case "kind" or "status":
                    break;
                case "apiVersion":
                    apiVersion = ReadApiVersion(value, kind, fieldPath, context);
                    break;
                case "metadata":
                    metadata = MetadataBinder.Bind(value, fieldPath, context);
                    break;
                case "spec":
                    spec = kind is null || value is YamlScalar { IsNull: true } ? null : BindSpec(value, kind, fieldPath, context);
                    break;
                default:
                    if (kind is not null && KindExtraFields.Of(kind).TryGetValue(key.Value, out var extra))
                    {
                        if (value is not YamlScalar { IsNull: true } && extra.Plan.TryBind(value, fieldPath, context, out var bound))
                        {
                            extras.Add((extra, bound));
                        }

                        break;
                    }

                    context.AddKeyError(fieldPath, $"unknown field \"{key.Value}\"{SpellingHint.Suffix(key.Value, [.. TopLevelFields, .. ExtraNames(kind)])}");
                    break;
            }
        }

        if (root.Find("apiVersion") is null or YamlScalar { IsNull: true })
        {
            context.Add(path.Field("apiVersion"), $"required field is missing (expected {ExpectedApiVersions(kind)})");
        }

        if (root.Find("metadata") is null)
        {
            context.Add(path.Field("metadata"), "required field is missing");
        }

        return kind is null || metadata is null
            ? null
            : KindExtraFields.Apply(ResourceFactory.Create(kind, apiVersion ?? kind.PreferredApiVersion, metadata, spec), extras);
    }

    private static IEnumerable<string> ExtraNames(ResourceKindInfo? kind) => kind is null ? [] : KindExtraFields.Of(kind).Keys;

    private static ResourceKindInfo? ReadKind(YamlNode? node, FieldPath path, BindingContext context)
    {
        var supported = ResourceKinds.All.Select(k => k.Kind).ToArray();
        if (node is null or YamlScalar { IsNull: true })
        {
            context.Add(path, $"required field is missing (expected one of {string.Join(", ", supported)})");
            return null;
        }

        if (!StringPlan.Instance.TryBind(node, path, context, out var value) || value is not string text)
        {
            return null;
        }

        var kind = ResourceKinds.All.FirstOrDefault(k => k.Kind == text);
        if (kind is null)
        {
            context.Add(path, $"unknown kind \"{text}\"{SpellingHint.Suffix(text, supported)}: expected one of {string.Join(", ", supported)}");
        }

        return kind;
    }

    private static string? ReadApiVersion(YamlNode node, ResourceKindInfo? kind, FieldPath path, BindingContext context)
    {
        if (node is YamlScalar { IsNull: true } || !StringPlan.Instance.TryBind(node, path, context, out var value) || value is not string text)
        {
            return null;
        }

        if (kind is not null && !kind.AcceptsApiVersion(text))
        {
            context.Add(path, $"unsupported apiVersion \"{text}\" for {kind.Kind}: expected one of {ExpectedApiVersions(kind)}");
            return null;
        }

        return text;
    }

    private static string ExpectedApiVersions(ResourceKindInfo? kind) => kind is null
        ? $"{ResourceKinds.NetworkingGroup}/v1, {ResourceKinds.SecurityGroup}/v1 or {ResourceKinds.DaprGroup}/v1alpha1"
        : string.Join(", ", kind.Versions.Select(v => $"{kind.Group}/{v}"));

    private static object? BindSpec(YamlNode node, ResourceKindInfo kind, FieldPath path, BindingContext context)
    {
        BindingPlans.For(kind.SpecType).TryBind(node, path, context, out var spec);
        return spec;
    }
}
