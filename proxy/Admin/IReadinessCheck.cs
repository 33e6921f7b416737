namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// One condition of a proxy's readiness (<c>/healthz/ready</c>): null when met, else why not (shown in the 503 answer,
/// joined with the others). Registered by the parts that know it: the proxy engine (snapshot loaded, certificate held),
/// the sidecar (registered, app answering).
/// </summary>
public interface IReadinessCheck
{
    ValueTask<string?> NotReadyReasonAsync(CancellationToken cancellationToken);
}
