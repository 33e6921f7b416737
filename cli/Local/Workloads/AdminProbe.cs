using System.Globalization;
using System.Text.Json;
using GatewayMesh.Cli.Local.Processes;

namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>
/// Asks a proxy's admin listener (the ingress's or a sidecar's) whether it is ready (<c>/healthz/ready</c>) and which
/// config revision it applied (<c>/debug/revision</c>: <c>{"revision": N, "loaded": true}</c> from every proxy; a bare number from proxies built before the admin API was unified is still read).
/// </summary>
internal static class AdminProbe
{
    private const int MaxProbeBodyBytes = 64 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static string Url(int adminPort) => $"http://127.0.0.1:{adminPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary><c>ready</c>, or why not: the status code and the first line of the answer, or <c>unreachable</c>.</summary>
    public static async Task<Readiness> ReadinessAsync(int adminPort, CancellationToken cancellationToken)
    {
        var answer = await GetAsync(adminPort, "/healthz/ready", cancellationToken);
        if (answer is { IsOk: true })
        {
            return Readiness.Ready;
        }

        return Readiness.NotReady(answer is null
            ? "/healthz/ready: unreachable"
            : $"/healthz/ready: HTTP {answer.Status}{(answer.FirstLine.Length > 0 ? " " + answer.FirstLine : "")}");
    }

    public static async Task<long?> RevisionAsync(int adminPort, CancellationToken cancellationToken)
    {
        if (await GetAsync(adminPort, "/debug/revision", cancellationToken) is not { IsOk: true } answer)
        {
            return null;
        }

        var text = answer.Body.Trim();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var plain))
        {
            return plain;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("revision", out var revision) && revision.TryGetInt64(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The answer, or null when the listener is unreachable, too slow, or answers more than a probe needs.</summary>
    private static async Task<AdminAnswer?> GetAsync(int adminPort, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await AdminHttp.GetAsync(new Uri(Url(adminPort) + path), cancellationToken, MaxProbeBodyBytes, Timeout);
        }
        catch (AdminUnreachableException)
        {
            return null;
        }
    }
}
