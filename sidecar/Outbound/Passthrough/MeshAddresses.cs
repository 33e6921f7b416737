using System.Net;
using GatewayMesh.Proxy.State;

namespace GatewayMesh.Sidecar.Outbound.Passthrough;

/// <summary>
/// Whether an address is a mesh endpoint's (an instance or WorkloadEntry any compiled cluster lists): what REGISTRY_ONLY
/// lets raw TCP reach. Read only for redirected non-HTTP connections under REGISTRY_ONLY, so a scan is fine.
/// </summary>
internal static class MeshAddresses
{
    public static bool Contains(AppliedConfig config, IPAddress address)
    {
        foreach (var cluster in config.Clusters.Clusters.Items.Values)
        {
            foreach (var endpoint in cluster.Endpoints)
            {
                if (IPAddress.TryParse(endpoint.Address, out var known) && known.Equals(address))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
