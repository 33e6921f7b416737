using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// <c>redirect</c>: answer <see cref="Code"/> (301 unless set) with a Location built from the request, replacing the
/// path (<see cref="Uri"/>, or only the matched prefix with <see cref="PrefixRewrite"/>), authority, scheme and port.
/// </summary>
public sealed record RedirectAction(
    string? Uri,
    string? PrefixRewrite,
    string? Authority,
    string? Scheme,
    int? Port,
    RedirectPortSelection? DerivePort,
    int Code) : RouteAction
{
    public const int DefaultCode = 301;
}
