using GatewayMesh.Core.Collections;
using GatewayMesh.Proxy.Protocols;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>Something clusters are made from: a host by its FQDN, the namespace it lives in, its healthy endpoints and their declared protocol.</summary>
internal sealed record ClusterSource(string Fqdn, string Namespace, ValueList<Endpoint> Endpoints, UpstreamProtocol Protocol = UpstreamProtocol.Unspecified);
