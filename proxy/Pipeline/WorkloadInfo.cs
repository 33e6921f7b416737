using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>
/// A workload as telemetry and policy name it: Istio's <c>*_workload</c>, <c>*_workload_namespace</c>, <c>*_app</c>,
/// <c>*_version</c>, <c>*_principal</c>, <c>*_cluster</c> labels, and its labels. Immutable and shared: build one per
/// workload (per proxy, per endpoint, per peer), never per request.
/// </summary>
public sealed record WorkloadInfo(
    string Name,
    string Namespace,
    string? App,
    string? Version,
    string? Principal,
    string? Cluster,
    ValueMap<string, string> Labels);

/// <summary>
/// The principal a request authenticated as (RequestAuthentication JWT): <c>iss/sub</c>, and its claims, audiences and
/// presenter as <c>request.auth.*</c> reads them. Built by the authenticate step.
/// </summary>
public sealed record RequestPrincipal(
    string Principal,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Claims,
    IReadOnlyList<string> Audiences,
    string? Presenter);
