using System.Collections.Concurrent;
using System.Text;

namespace GatewayMesh.Proxy.Telemetry.Metrics;

/// <summary>
/// Envoy's response flags: why a proxy answered as it did when the answer is not simply the upstream's. Member names
/// follow the pipeline contract (<c>/work/coord/pipeline-contract.md</c> §3); this copy goes once the pipeline's lands.
/// </summary>
[Flags]
public enum ResponseFlags
{
    None = 0,
    NoHealthyUpstream = 1 << 0,
    UpstreamConnectionFailure = 1 << 1,
    UpstreamOverflow = 1 << 2,
    NoRoute = 1 << 3,
    UpstreamRetryLimitExceeded = 1 << 4,
    UpstreamConnectionTermination = 1 << 5,
    UpstreamRequestTimeout = 1 << 6,
    DownstreamConnectionTermination = 1 << 7,
    DelayInjected = 1 << 8,
    FaultInjected = 1 << 9,
    RateLimited = 1 << 10,
    UnauthorizedExternalService = 1 << 11,
    StreamIdleTimeout = 1 << 12,
    DownstreamProtocolError = 1 << 13,
    NoClusterFound = 1 << 14,

    /// <summary>Denied by an AuthorizationPolicy. Envoy has no short code for it: its trace is the response code details.</summary>
    RbacAccessDenied = 1 << 15,
}

/// <summary>
/// Envoy's short form of <see cref="ResponseFlags"/>: codes joined by commas in Envoy's order, <c>-</c> when none
/// applies. Each distinct combination is built once.
/// </summary>
public static class ResponseFlagsFormat
{
    public const string None = "-";

    private static readonly (ResponseFlags Flag, string Code)[] Codes =
    [
        (ResponseFlags.NoHealthyUpstream, "UH"),
        (ResponseFlags.UpstreamRequestTimeout, "UT"),
        (ResponseFlags.UpstreamConnectionFailure, "UF"),
        (ResponseFlags.UpstreamConnectionTermination, "UC"),
        (ResponseFlags.UpstreamOverflow, "UO"),
        (ResponseFlags.NoRoute, "NR"),
        (ResponseFlags.DelayInjected, "DI"),
        (ResponseFlags.FaultInjected, "FI"),
        (ResponseFlags.RateLimited, "RL"),
        (ResponseFlags.UnauthorizedExternalService, "UAEX"),
        (ResponseFlags.DownstreamConnectionTermination, "DC"),
        (ResponseFlags.UpstreamRetryLimitExceeded, "URX"),
        (ResponseFlags.StreamIdleTimeout, "SI"),
        (ResponseFlags.DownstreamProtocolError, "DPE"),
        (ResponseFlags.NoClusterFound, "NC"),
    ];

    private static readonly ConcurrentDictionary<ResponseFlags, string> Formatted = new();

    public static string ToEnvoyString(ResponseFlags flags) =>
        flags == ResponseFlags.None ? None : Formatted.GetOrAdd(flags, Build);

    /// <summary>Parses <c>UH,URX</c> back (tests and tools); unknown codes are ignored.</summary>
    public static ResponseFlags Parse(string text)
    {
        var flags = ResponseFlags.None;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var (flag, code) in Codes)
            {
                if (code == part)
                {
                    flags |= flag;
                }
            }
        }

        return flags;
    }

    private static string Build(ResponseFlags flags)
    {
        var text = new StringBuilder();
        foreach (var (flag, code) in Codes)
        {
            if ((flags & flag) != 0)
            {
                text.Append(text.Length == 0 ? "" : ",").Append(code);
            }
        }

        return text.Length == 0 ? None : text.ToString();
    }
}
