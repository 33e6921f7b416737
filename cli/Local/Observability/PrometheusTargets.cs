using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;

namespace GatewayMesh.Cli.Local.Observability;

/// <summary>
/// Prometheus file-based service discovery for the local mesh: <c>.meshctl/prometheus/targets.json</c> lists every
/// running proxy's admin address with the labels Istio's scrape jobs give (<c>app</c>, <c>version</c>, plus
/// <c>proxy</c> and <c>role</c>), and <c>prometheus.yml</c> scrapes them at <c>/stats/prometheus</c> every 5 s.
/// The targets file is replaced atomically (written beside it, then renamed), as Prometheus expects, whenever the set
/// of proxies changes: after <c>up</c> started them, when the dashboard sees one die, and emptied by <c>down</c>.
/// </summary>
internal static class PrometheusTargets
{
    public const string JobName = "gatewaymesh-proxies";
    public const string MetricsPath = "/stats/prometheus";

    public static string Folder(MeshPaths paths) => Path.Combine(paths.StateDir, "prometheus");

    public static string TargetsFile(MeshPaths paths) => Path.Combine(Folder(paths), "targets.json");

    public static string ConfigFile(MeshPaths paths) => Path.Combine(Folder(paths), "prometheus.yml");

    /// <summary>Writes both files for the proxies of <paramref name="state"/> that are alive; returns how many targets.</summary>
    public static int Write(MeshPaths paths, MeshState? state)
    {
        Directory.CreateDirectory(Folder(paths));
        WriteConfig(paths);
        var targets = new JsonArray();
        foreach (var process in state?.Processes ?? [])
        {
            if (process.Role is null || !process.Ports.TryGetValue("admin", out var admin) || admin <= 0 || !ProcessSupervisor.IsAlive(process))
            {
                continue;
            }

            var labels = new JsonObject
            {
                ["proxy"] = process.Name,
                ["role"] = process.Role,
                ["app"] = process.Service ?? (process.Role == "ingress" ? "istio-ingressgateway" : process.Name),
            };
            if (process.Version is { } version)
            {
                labels["version"] = version;
            }

            targets.Add(new JsonObject
            {
                ["targets"] = new JsonArray($"127.0.0.1:{admin.ToString(CultureInfo.InvariantCulture)}"),
                ["labels"] = labels,
            });
        }

        Replace(TargetsFile(paths), targets.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return targets.Count;
    }

    private static void WriteConfig(MeshPaths paths)
    {
        var config = $"""
            # Written by meshctl up: scrapes every proxy of the local mesh (file-based discovery, refreshed as proxies come and go).
            global:
              scrape_interval: 5s
              evaluation_interval: 5s
            scrape_configs:
              - job_name: {JobName}
                metrics_path: {MetricsPath}
                file_sd_configs:
                  - files: ['{TargetsFile(paths)}']
                    refresh_interval: 5s
            """;
        Replace(ConfigFile(paths), config + "\n");
    }

    private static void Replace(string path, string content)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
