using System.Collections.Concurrent;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>
/// <see cref="ResponseFlags"/> as Envoy writes them: short names joined by commas (<c>UH</c>, <c>URX,UF</c>), or
/// <c>-</c> when none applies. Each distinct combination is formatted once and cached.
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
        (ResponseFlags.RbacAccessDenied, "RBAC"),
        (ResponseFlags.DownstreamProtocolError, "DPE"),
    ];

    private static readonly ConcurrentDictionary<ResponseFlags, string> Cache = new();

    public static string ToEnvoyString(ResponseFlags flags) =>
        flags == ResponseFlags.None ? "-" : Cache.GetOrAdd(flags, static f => string.Join(',', Names.Where(n => f.HasFlag(n.Flag)).Select(n => n.Name)));
}
