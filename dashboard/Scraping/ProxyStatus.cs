namespace GatewayMesh.Dashboard.Scraping;

/// <summary>What one scrape learned about one proxy besides its metrics: reachable, revision, certificate, ejected endpoints.</summary>
internal sealed record ProxyStatus
{
    public required ProxyTarget Target { get; init; }

    public bool Up { get; init; }

    public string? Error { get; init; }

    public long? Revision { get; init; }

    public DateTimeOffset? CertificateExpiry { get; init; }

    public string? Identity { get; init; }

    /// <summary><c>cluster endpoint</c> of each endpoint this proxy has ejected.</summary>
    public IReadOnlyList<string> Ejected { get; init; } = [];
}

/// <summary>One round of scraping every proxy: when, the store's revision, each proxy's status and its Istio samples.</summary>
internal sealed record MeshScrape(DateTimeOffset Time, long? StoreRevision, IReadOnlyList<ProxyStatus> Proxies, IReadOnlyList<PrometheusSample> Samples);
