using System.Net.Http.Json;
using System.Text.Json;
using GatewayMesh.Cli.Local.Processes;

namespace GatewayMesh.Cli.Local.Store;

/// <summary>What the registry's <c>/healthz/ready</c> said: <c>ready</c> with the revision, <c>unavailable</c>, or why it did not answer.</summary>
internal sealed record RegistryHealth(bool IsReady, string Status, long? Revision);

/// <summary>Asks the registry's readiness probe (it needs no token).</summary>
internal static class RegistryProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<RegistryHealth> CheckAsync(string url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(new Uri(url.TrimEnd('/') + "/healthz/ready"), cancellationToken);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var status = body.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : $"HTTP {(int)response.StatusCode}";
            long? revision = body.TryGetProperty("revision", out var r) && r.TryGetInt64(out var value) ? value : null;
            return new RegistryHealth(response.IsSuccessStatusCode, status, revision);
        }
        catch (HttpRequestException ex)
        {
            return new RegistryHealth(false, ex.HttpRequestError == HttpRequestError.ConnectionError ? "unreachable" : ex.Message, null);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new RegistryHealth(false, "no answer", null);
        }
        catch (JsonException)
        {
            return new RegistryHealth(false, "unexpected answer", null);
        }
    }

    public static async Task<Readiness> ReadinessAsync(string url, CancellationToken cancellationToken)
    {
        var health = await CheckAsync(url, cancellationToken);
        return health.IsReady ? Readiness.Ready : Readiness.NotReady($"/healthz/ready: {health.Status}");
    }
}
