using GatewayMesh.Core.Config.Hosts;
using GatewayMesh.Sidecar.Dapr.Errors;

namespace GatewayMesh.Sidecar.Dapr.Invocation;

/// <summary>
/// Where a Dapr app id points in the mesh: <c>reviews</c> is the service <c>reviews</c> in this sidecar's namespace,
/// <c>reviews.prod</c> the one in <c>prod</c> (Dapr's namespaced form); either becomes the service's FQDN, the host the
/// outbound pipeline routes (VirtualServices, DestinationRules, endpoints).
/// </summary>
internal static class InvocationTarget
{
    /// <summary>The FQDN of <paramref name="appId"/>'s service; a malformed id is daprd's 400 <c>ERR_DIRECT_INVOKE</c>.</summary>
    public static string Resolve(string appId, string ownNamespace)
    {
        if (appId.Length is 0 or > 253 || !IsDnsName(appId) || !MeshHosts.TryGetService(appId, ownNamespace, out var service) || appId.Split('.').Length > 2)
        {
            throw DaprErrors.InvokeMalformed($"the app id \"{Printable(appId)}\" is not a service name (name, or name.namespace)");
        }

        return service.Fqdn;
    }

    private static bool IsDnsName(string id)
    {
        foreach (var label in id.Split('.'))
        {
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static string Printable(string text) =>
        text.Length > 64 ? string.Concat(text.AsSpan(0, 64), "...") : text.ReplaceLineEndings(" ");
}
