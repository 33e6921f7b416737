namespace GatewayMesh.Dashboard.Graph;

/// <summary>A proxy's state as the graph shows it on its workload's node.</summary>
internal sealed record ProxyView(string Name, string Role, bool Up, string Sync, long? Revision, DateTimeOffset? CertificateExpiry, string? Identity, IReadOnlyList<string> Ejected, string? Error);

/// <summary>A workload (or, when no workload answered, a service) in the graph.</summary>
internal sealed record GraphNode(string Id, string Name, string Namespace, string App, string Version, string Kind, Health Health, ProxyView? Proxy);

/// <summary>Calls from one node to another over the window: rate, error shares, latency quantiles, mTLS, health.</summary>
internal sealed record GraphEdge(
    string Source,
    string Target,
    string Service,
    double RequestsPerSecond,
    double ServerErrorPercent,
    double ClientErrorPercent,
    double? P50Milliseconds,
    double? P99Milliseconds,
    bool MutualTls,
    Health Health,
    double TotalRequests,
    IReadOnlyDictionary<string, double> Codes,
    IReadOnlyList<string> Flags);

/// <summary>The whole graph at one moment.</summary>
internal sealed record ServiceGraph(DateTimeOffset Time, double WindowSeconds, long? StoreRevision, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphEdge> Edges)
{
    public static ServiceGraph Empty(DateTimeOffset time) => new(time, 0, null, [], []);
}
