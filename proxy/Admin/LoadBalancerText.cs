using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// The balancer a cluster runs, as text: <c>ROUND_ROBIN</c> (also when unspecified), <c>LEAST_REQUEST</c> (also for
/// LEAST_CONN), <c>RANDOM</c>, <c>PASSTHROUGH</c>, or <c>CONSISTENT_HASH(header x-user)</c> with what it hashes on.
/// </summary>
public static class LoadBalancerText
{
    public static string Describe(LoadBalancerSettings? settings)
    {
        if (settings?.ConsistentHash is { } hash)
        {
            return $"CONSISTENT_HASH({HashKey(hash)})";
        }

        return settings?.Simple switch
        {
            SimpleLB.LeastRequest or SimpleLB.LeastConn => "LEAST_REQUEST",
            SimpleLB.Random => "RANDOM",
            SimpleLB.Passthrough => "PASSTHROUGH",
            _ => "ROUND_ROBIN",
        };
    }

    private static string HashKey(ConsistentHashLB hash) =>
        hash.HttpHeaderName is { } header ? $"header {header}"
        : hash.HttpCookie is { } cookie ? $"cookie {cookie.Name}"
        : hash.HttpQueryParameterName is { } query ? $"query {query}"
        : hash.UseSourceIp == true ? "source ip"
        : "unset";
}
