using System.Globalization;
using System.Text.Json;
using GatewayMesh.Dashboard.Settings;

namespace GatewayMesh.Dashboard.Scraping;

/// <summary>
/// Scrapes every proxy listed in the targets file every <see cref="DashboardOptions.ScrapeInterval"/>: its
/// <c>/stats/prometheus</c> (the Istio families the graph needs), <c>/debug/revision</c>, <c>/debug/certs</c> and the
/// ejected entries of <c>/debug/endpoints</c>, plus the registry's revision. Each answer is bounded (4 MiB, 2 s); a
/// proxy that fails is shown down, never stops the round. This is where the dashboard's figures are aggregated.
/// </summary>
internal sealed class ProxyScraper(DashboardOptions options, ScrapeHistory history, TimeProvider time, ILogger<ProxyScraper> logger) : BackgroundService
{
    private const int MaxBody = 4 * 1024 * 1024;
    private static readonly string[] Families = ["istio_requests_total", "istio_request_duration_milliseconds_bucket"];

    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(2),
        MaxResponseContentBufferSize = MaxBody,
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.ScrapeInterval, time);
        do
        {
            try
            {
                history.Add(await ScrapeOnceAsync(stoppingToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ScrapeFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<MeshScrape> ScrapeOnceAsync(CancellationToken cancellationToken)
    {
        var targets = options.TargetsFile is { } file ? ProxyTarget.ReadFile(file) : [];
        var storeRevision = await StoreRevisionAsync(cancellationToken);
        var results = await Task.WhenAll(targets.Select(t => ScrapeProxyAsync(t, cancellationToken)));
        return new MeshScrape(time.GetUtcNow(), storeRevision, [.. results.Select(r => r.Status)], [.. results.SelectMany(r => r.Samples)]);
    }

    private async Task<(ProxyStatus Status, List<PrometheusSample> Samples)> ScrapeProxyAsync(ProxyTarget target, CancellationToken cancellationToken)
    {
        var admin = $"http://{target.Address}";
        try
        {
            var stats = await _client.GetStringAsync(admin + "/stats/prometheus", cancellationToken);
            var samples = PrometheusTextParser.Parse(stats, name => Families.Contains(name));
            var revisionText = await _client.GetStringAsync(admin + "/debug/revision", cancellationToken);
            var certs = await ReadJsonAsync(admin + "/debug/certs", cancellationToken);
            var endpoints = await ReadJsonAsync(admin + "/debug/endpoints", cancellationToken);
            return (new ProxyStatus
            {
                Target = target,
                Up = true,
                Revision = ParseRevision(revisionText),
                CertificateExpiry = CertificateExpiry(certs),
                Identity = certs?.RootElement.TryGetProperty("identity", out var id) == true && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
                Ejected = Ejected(endpoints),
            }, samples);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException)
        {
            return (new ProxyStatus { Target = target, Up = false, Error = ex.Message }, []);
        }
    }

    private async Task<long?> StoreRevisionAsync(CancellationToken cancellationToken)
    {
        if (options.RegistryUrl is not { } registry)
        {
            return null;
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, registry.TrimEnd('/') + "/api/v1/revision");
            request.Headers.Authorization = new("Bearer", options.Token);
            using var response = await _client.SendAsync(request, cancellationToken);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return document.RootElement.GetProperty("revision").GetInt64();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private async Task<JsonDocument?> ReadJsonAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await _client.GetAsync(url, cancellationToken);
        return response.IsSuccessStatusCode ? JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) : null;
    }

    /// <summary>The ingress answers <c>N</c> as text, a sidecar <c>{"revision": N}</c>.</summary>
    internal static long? ParseRevision(string text)
    {
        var trimmed = text.Trim();
        if (long.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var plain))
        {
            return plain;
        }

        try
        {
            using var document = JsonDocument.Parse(trimmed);
            return document.RootElement.TryGetProperty("revision", out var revision) ? revision.GetInt64() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static DateTimeOffset? CertificateExpiry(JsonDocument? certs)
    {
        if (certs is null || !certs.RootElement.TryGetProperty("certificates", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var certificate in list.EnumerateArray())
        {
            if (certificate.TryGetProperty("notAfter", out var notAfter) && notAfter.TryGetDateTimeOffset(out var expiry))
            {
                return expiry;
            }
        }

        return null;
    }

    private static List<string> Ejected(JsonDocument? endpoints)
    {
        var ejected = new List<string>();
        if (endpoints?.RootElement.TryGetProperty("endpoints", out var list) == true && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var endpoint in list.EnumerateArray())
            {
                if (endpoint.TryGetProperty("health", out var health) && health.GetString() == "EJECTED")
                {
                    ejected.Add($"{endpoint.GetProperty("cluster").GetString()} {endpoint.GetProperty("address").GetString()}");
                }
            }
        }

        return ejected;
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }
}
