using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>
/// Tells the forwarder to set the affinity cookie on the response, so the client's next request hashes to the same
/// endpoint. A null <see cref="MaxAge"/> or zero means a session cookie.
/// </summary>
public sealed record SetCookieInstruction(
    string Name,
    string Value,
    string? Path,
    TimeSpan? MaxAge,
    ValueList<HttpCookieAttribute> Attributes);
