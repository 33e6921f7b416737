using System.Globalization;
using System.Text.Json;

namespace GatewayMesh.Cli.Local;

/// <summary>
/// Asks a proxy's admin listener (the ingress's or a sidecar's) whether it is ready (<c>/healthz/ready</c>) and which
/// config revision it applied (<c>/debug/revision</c>: plain text from the ingress, <c>{"revision": N}</c> from a sidecar).
/// </summary>
internal static class AdminProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static string Url(int adminPort) => $"http://127.0.0.1:{adminPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary><c>ready</c>, or why not: the status code and the first line of the answer, or <c>unreachable</c>.</summary>
    public static async Task<Readiness> ReadinessAsync(int adminPort, CancellationToken cancellationToken)
    {
        var (status, body) = await GetAsync(adminPort, "/healthz/ready", cancellationToken);
        if (status == 200)
        {
            return Readiness.Ready;
        }

        var firstLine = body?.Split('\n', 2)[0].Trim() is { Length: > 0 } line ? $" {(line.Length > 120 ? line[..120] : line)}" : "";
        return Readiness.NotReady(status is { } code ? $"/healthz/ready: HTTP {code}{firstLine}" : "/healthz/ready: unreachable");
    }

    public static async Task<long?> RevisionAsync(int adminPort, CancellationToken cancellationToken)
    {
        var (status, body) = await GetAsync(adminPort, "/debug/revision", cancellationToken);
        if (status != 200 || body is null)
        {
            return null;
        }

        var text = body.Trim();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var plain))
        {
            return plain;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("revision", out var revision) && revision.TryGetInt64(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<(int? Status, string? Body)> GetAsync(int adminPort, string path, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(new Uri(Url(adminPort) + path), cancellationToken);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException)
        {
            return (null, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, null);
        }
    }
}
