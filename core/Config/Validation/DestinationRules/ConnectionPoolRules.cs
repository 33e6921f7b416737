using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.DestinationRules;

/// <summary>
/// Connection pool limits. A limit that is set is enforced, so connection and request caps must be at least 1
/// (0 would refuse all traffic); maxRequestsPerConnection and maxRetries may be 0. Durations are at least 1ms.
/// </summary>
internal static class ConnectionPoolRules
{
    public static void Validate(ValidationContext context, string path, ConnectionPoolSettings? pool)
    {
        if (pool?.Tcp is { } tcp)
        {
            var tcpPath = $"{path}.tcp";
            NumberRules.AtLeast(context, $"{tcpPath}.maxConnections", tcp.MaxConnections, 1);
            DurationRules.AtLeastOneMillisecond(context, $"{tcpPath}.connectTimeout", tcp.ConnectTimeout);
            DurationRules.AtLeastOneMillisecond(context, $"{tcpPath}.maxConnectionDuration", tcp.MaxConnectionDuration);
            DurationRules.AtLeastOneMillisecond(context, $"{tcpPath}.idleTimeout", tcp.IdleTimeout);
            NumberRules.AtLeast(context, $"{tcpPath}.tcpKeepalive.probes", tcp.TcpKeepalive?.Probes, 0);
            DurationRules.AtLeastOneMillisecond(context, $"{tcpPath}.tcpKeepalive.time", tcp.TcpKeepalive?.Time);
            DurationRules.AtLeastOneMillisecond(context, $"{tcpPath}.tcpKeepalive.interval", tcp.TcpKeepalive?.Interval);
        }

        if (pool?.Http is { } http)
        {
            var httpPath = $"{path}.http";
            NumberRules.AtLeast(context, $"{httpPath}.http1MaxPendingRequests", http.Http1MaxPendingRequests, 1);
            NumberRules.AtLeast(context, $"{httpPath}.http2MaxRequests", http.Http2MaxRequests, 1);
            NumberRules.AtLeast(context, $"{httpPath}.maxRequestsPerConnection", http.MaxRequestsPerConnection, 0);
            NumberRules.AtLeast(context, $"{httpPath}.maxRetries", http.MaxRetries, 0);
            NumberRules.AtLeast(context, $"{httpPath}.maxConcurrentStreams", http.MaxConcurrentStreams, 0);
            DurationRules.AtLeastOneMillisecond(context, $"{httpPath}.idleTimeout", http.IdleTimeout);
            DurationRules.AtLeastOneMillisecond(context, $"{httpPath}.http2KeepAlive.interval", http.Http2KeepAlive?.Interval);
            DurationRules.AtLeastOneMillisecond(context, $"{httpPath}.http2KeepAlive.timeout", http.Http2KeepAlive?.Timeout);
        }
    }
}
