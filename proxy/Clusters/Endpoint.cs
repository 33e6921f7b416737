using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>
/// One upstream address of a cluster: a registry instance or a static ServiceEntry endpoint. <see cref="Namespace"/> and
/// <see cref="ServiceAccount"/> name the workload identity a mesh mTLS server there must present; <see cref="Locality"/>
/// is where it runs (its WorkloadEntry's <c>locality</c>, else its topology labels), for locality load balancing.
/// </summary>
public sealed record Endpoint(
    string Address,
    int Port,
    ValueMap<string, string> Labels,
    string InstanceId,
    string ServiceAccount,
    string Namespace = "")
{
    public Locality Locality { get; init; } = Locality.Unknown;

    /// <summary><c>address:port</c>, the endpoint's identity for hashing and logs.</summary>
    public override string ToString() => $"{Address}:{Port}";
}
