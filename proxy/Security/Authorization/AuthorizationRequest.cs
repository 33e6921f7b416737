using System.Net;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>
/// What authorization reads from one request, without HttpContext. <see cref="Peer"/> is null on plaintext or when the
/// client certificate carries no SPIFFE ID: then principals and namespaces are absent (<c>principals: ["*"]</c> does
/// not match, <c>notPrincipals: ["*"]</c> does). <see cref="Path"/> is normalized and has no query.
/// <see cref="DestinationPort"/> is the workload's target port on a sidecar and the listener port on the ingress.
/// </summary>
public readonly record struct AuthorizationRequest(
    string Method,
    string Host,
    string Path,
    int DestinationPort,
    IPAddress? SourceIp,
    IPAddress? RemoteIp,
    IPAddress? DestinationIp,
    PeerIdentity? Peer,
    string? Sni,
    IRequestFields Headers)
{
    /// <summary>The end user of a valid JWT (<c>iss/sub</c>); null when the request carried none (RequestAuthentication).</summary>
    public string? RequestPrincipal { get; init; }

    /// <summary>The valid JWT's audiences (<c>request.auth.audiences</c>).</summary>
    public IReadOnlyList<string>? RequestAudiences { get; init; }

    /// <summary>The valid JWT's authorized presenter, <c>azp</c> (<c>request.auth.presenter</c>).</summary>
    public string? RequestPresenter { get; init; }

    /// <summary>The valid JWT's claims by name, nested ones by their bracketed path (<c>request.auth.claims[...]</c>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? RequestClaims { get; init; }

    /// <summary>A request built from plain values, for tests and callers without an HttpRequest.</summary>
    public static AuthorizationRequest Create(
        string method,
        string path,
        string host = "reviews:9080",
        PeerIdentity? peer = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        string sourceIp = "127.0.0.1",
        int destinationPort = 9080) =>
        new(method, host, path, destinationPort, IPAddress.Parse(sourceIp), IPAddress.Parse(sourceIp), IPAddress.Loopback, peer, null,
            headers is null ? RequestFields.None : new RequestFields(headers, null));
}
