using System.Collections.Concurrent;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>
/// <see cref="ResponseFlags"/> as Envoy writes them: short names joined by commas (<c>UH</c>, <c>URX,UF</c>), or
/// <c>-</c> when none applies. Each distinct combination is formatted once and cached. An AuthorizationPolicy denial
/// (<see cref="ResponseFlags.RbacAccessDenied"/>) has no short code in Envoy: it shows in <c>%RESPONSE_CODE_DETAILS%</c>
/// (<c>ProxyRequest.ResponseCodeDetails</c>), so it is left out here.
/// </summary>
public static class ResponseFlagsFormat
{
    private static readonly (ResponseFlags Flag, string Name)[] Names =
    [
        (ResponseFlags.NoHealthyUpstream, "UH"),
        (ResponseFlags.UpstreamConnectionFailure, "UF"),
        (ResponseFlags.UpstreamOverflow, "UO"),
        (ResponseFlags.NoRoute, "NR"),
        (ResponseFlags.UpstreamRetryLimitExceeded, "URX"),
        (ResponseFlags.NoClusterFound, "NC"),
        (ResponseFlags.UpstreamConnectionTermination, "UC"),
        (ResponseFlags.UpstreamRequestTimeout, "UT"),
        (ResponseFlags.StreamIdleTimeout, "SI"),
        (ResponseFlags.DownstreamConnectionTermination, "DC"),
        (ResponseFlags.DelayInjected, "DI"),
        (ResponseFlags.FaultInjected, "FI"),
        (ResponseFlags.RateLimited, "RL"),
        (ResponseFlags.UnauthorizedExternalService, "UAEX"),
        (ResponseFlags.DownstreamProtocolError, "DPE"),
    ];

    private static readonly ConcurrentDictionary<ResponseFlags, string> Cache = new();

    public static string ToEnvoyString(ResponseFlags flags) =>
        flags == ResponseFlags.None ? "-" : Cache.GetOrAdd(flags, static f => Format(f));

    private static string Format(ResponseFlags flags)
    {
        var names = string.Join(',', Names.Where(n => flags.HasFlag(n.Flag)).Select(n => n.Name));
        return names.Length == 0 ? "-" : names; // only flags without a short code (RbacAccessDenied)
    }
}
