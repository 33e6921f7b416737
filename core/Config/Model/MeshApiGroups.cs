namespace GatewayMesh.Core.Config.Model;

/// <summary>The API groups the mesh serves: those of <see cref="ResourceKinds.All"/>. Anything else is not mesh config.</summary>
public static class MeshApiGroups
{
    private static readonly HashSet<string> Groups = [.. ResourceKinds.All.Select(k => k.Group)];

    /// <summary>The group of an apiVersion: <c>networking.istio.io</c> of <c>networking.istio.io/v1</c>, empty for <c>v1</c>.</summary>
    public static string GroupOf(string apiVersion)
    {
        var slash = apiVersion.IndexOf('/');
        return slash < 0 ? "" : apiVersion[..slash];
    }

    /// <summary>
    /// Whether a document of this apiVersion and kind is not mesh config: a group the mesh does not serve and a kind
    /// that is not a mesh kind (<c>v1 Service</c>, <c>apps/v1 Deployment</c>). A mesh kind is never foreign, so a
    /// VirtualService under a wrong apiVersion is still an error.
    /// </summary>
    public static bool IsForeign(string apiVersion, string kind) =>
        !Groups.Contains(GroupOf(apiVersion)) && !ResourceKinds.All.Any(k => k.Kind == kind);
}
