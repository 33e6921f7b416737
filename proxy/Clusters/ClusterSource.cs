using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>Something clusters are made from: a host by its FQDN, the namespace it lives in, and its healthy endpoints.</summary>
internal sealed record ClusterSource(string Fqdn, string Namespace, ValueList<Endpoint> Endpoints);
