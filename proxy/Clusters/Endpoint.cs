using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>
/// One upstream address of a cluster: a registry instance or a static ServiceEntry endpoint. <see cref="Namespace"/> and
/// <see cref="ServiceAccount"/> name the workload identity a mesh mTLS server there must present.
/// </summary>
public sealed record Endpoint(
    string Address,
    int Port,
    ValueMap<string, string> Labels,
    string InstanceId,
    string ServiceAccount,
    string Namespace = "")
{
    /// <summary><c>address:port</c>, the endpoint's identity for hashing and logs.</summary>
    public override string ToString() => $"{Address}:{Port}";
}
