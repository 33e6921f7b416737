using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Cli.Kubernetes;

/// <summary>
/// Writes one <c>apiextensions.k8s.io/v1</c> CustomResourceDefinition per kind of <see cref="ResourceKinds.All"/>: the
/// chart's <c>crds/</c> file is this output, and a test fails when a kind has none, so a kind added later gets its CRD by
/// regenerating (<c>./meshctl manifest crds &gt; charts/gatewaymesh/crds/crds.yaml</c>).
/// </summary>
/// <remarks>
/// The schema is structural but open: <c>spec</c> keeps unknown fields, so nothing is pruned and every object reaches
/// the validating webhook, which runs the mesh's own validator (the same as <c>meshctl validate</c>) and answers with
/// its field paths. A typed schema would reject some mistakes first with the API server's own wording instead.
/// Every version is served; the first (the kind's preferred one) is stored. <c>status</c> is a subresource, where the
/// registry writes its <c>Accepted</c> condition.
/// </remarks>
public static class CrdManifest
{
    /// <summary>The label every generated CRD carries, so they can be listed together.</summary>
    public const string PartOfLabel = "app.kubernetes.io/part-of";

    public static string Yaml() =>
        YamlWriter.FromJsonDocuments(ResourceKinds.All.Select(kind => JsonSerializer.SerializeToElement(For(kind))));

    /// <summary>The CRD of one kind, as a JSON tree.</summary>
    public static JsonObject For(ResourceKindInfo kind)
    {
        var singular = kind.Kind.ToLowerInvariant();
        var versions = new JsonArray();
        for (var i = 0; i < kind.Versions.Count; i++)
        {
            versions.Add(new JsonObject
            {
                ["name"] = kind.Versions[i],
                ["served"] = true,
                ["storage"] = i == 0,
                ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                ["additionalPrinterColumns"] = PrinterColumns.For(kind.Kind),
                ["schema"] = new JsonObject { ["openAPIV3Schema"] = Schema(kind) },
            });
        }

        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{kind.Plural}.{kind.Group}",
                ["labels"] = new JsonObject { [PartOfLabel] = "gatewaymesh" },
            },
            ["spec"] = new JsonObject
            {
                ["group"] = kind.Group,
                ["names"] = new JsonObject
                {
                    ["kind"] = kind.Kind,
                    ["listKind"] = kind.Kind + "List",
                    ["plural"] = kind.Plural,
                    ["singular"] = singular,
                    ["shortNames"] = new JsonArray([.. kind.ShortNames.Select(s => JsonValue.Create(s))]),
                    ["categories"] = new JsonArray("istio-io", kind.Group.Replace('.', '-')),
                },
                ["scope"] = "Namespaced",
                ["versions"] = versions,
            },
        };
    }

    private static JsonObject Schema(ResourceKindInfo kind) => new()
    {
        ["type"] = "object",
        ["description"] = $"{kind.Kind} ({kind.Group}), validated by the GatewayMesh registry's admission webhook.",
        ["properties"] = new JsonObject
        {
            ["spec"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = $"The {kind.Kind} spec, as Istio's {kind.Group} API defines it.",
                ["x-kubernetes-preserve-unknown-fields"] = true,
            },
            ["status"] = new JsonObject
            {
                ["type"] = "object",
                ["description"] = "Written by the registry: the Accepted condition, with the validation errors when refused.",
                ["x-kubernetes-preserve-unknown-fields"] = true,
            },
        },
    };
}
