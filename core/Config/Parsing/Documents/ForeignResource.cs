using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Documents;

/// <summary>
/// Recognises documents that are not mesh config: an <c>apiVersion</c> outside every API group the mesh serves
/// (<c>v1</c>, <c>apps/v1</c>, <c>rbac.authorization.k8s.io/v1</c>, ...) and a kind that is not a mesh kind. Files that
/// users keep often mix these with Istio resources (Bookinfo's own files do); they are reported as skipped, as
/// <c>istioctl</c> leaves them to <c>kubectl</c>. A mesh kind under a wrong apiVersion is still an error.
/// </summary>
internal static class ForeignResource
{
    public static SkippedDocument? TryRead(YamlMapping mapping, string source)
    {
        if (mapping.Find("apiVersion") is not YamlScalar { IsNull: false } apiVersion ||
            mapping.Find("kind") is not YamlScalar { IsNull: false } kind ||
            !MeshApiGroups.IsForeign(apiVersion.Value, kind.Value))
        {
            return null;
        }

        var metadata = mapping.Find("metadata") as YamlMapping;
        return new SkippedDocument(source, apiVersion.Value, kind.Value, Text(metadata?.Find("namespace")), Text(metadata?.Find("name")));
    }

    private static string Text(YamlNode? node) => node is YamlScalar { IsNull: false } scalar ? scalar.Value : "";
}
