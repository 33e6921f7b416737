namespace GatewayMesh.Proxy.Security.Authentication;

/// <summary>
/// The principal a request authenticated as (RequestAuthentication JWT): <c>iss/sub</c>, and its claims, audiences and
/// presenter as <c>request.auth.*</c> reads them. Built by the authenticate step.
/// </summary>
public sealed record RequestPrincipal(
    string Principal,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Claims,
    IReadOnlyList<string> Audiences,
    string? Presenter);
