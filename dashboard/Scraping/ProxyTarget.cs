using System.Text.Json;

namespace GatewayMesh.Dashboard.Scraping;

/// <summary>One proxy to scrape, as the Prometheus file-SD targets file lists it: admin address and labels.</summary>
internal sealed record ProxyTarget(string Address, string Name, string Role, string App, string? Version, string? Namespace = null)
{
    /// <summary>Reads a file-SD targets file (<c>[{"targets": ["host:port"], "labels": {...}}]</c>); a missing or broken file lists nothing.</summary>
    public static IReadOnlyList<ProxyTarget> ReadFile(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var targets = new List<ProxyTarget>();
            foreach (var group in document.RootElement.EnumerateArray())
            {
                var labels = group.TryGetProperty("labels", out var l) ? l : default;
                string? Label(string name) => labels.ValueKind == JsonValueKind.Object && labels.TryGetProperty(name, out var v) ? v.GetString() : null;
                foreach (var address in group.GetProperty("targets").EnumerateArray())
                {
                    var text = address.GetString() ?? "";
                    targets.Add(new ProxyTarget(text, Label("proxy") ?? text, Label("role") ?? "sidecar", Label("app") ?? Label("proxy") ?? text, Label("version"), Label("namespace")));
                }
            }

            return targets;
        }
        catch (Exception ex) when (ex is IOException or JsonException or InvalidOperationException or KeyNotFoundException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
