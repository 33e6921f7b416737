using System.Globalization;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;

namespace GatewayMesh.Cli.Local.Observability;

/// <summary>
/// <c>meshctl up --prometheus</c>: the <c>prometheus</c> found on PATH, on 127.0.0.1:9090 (or a free port when 9090 is
/// taken), reading the file-SD config <see cref="PrometheusTargets"/> writes, with its data under
/// <c>.meshctl/prometheus/data</c>. Ready once <c>/-/ready</c> answers 200.
/// </summary>
internal sealed class PrometheusLauncher(MeshPaths paths)
{
    public const string Name = "prometheus";
    public const int DefaultPort = 9090;

    public static string Url(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    public ProcessSpec CreateSpec(string executable, int port)
    {
        var data = Path.Combine(PrometheusTargets.Folder(paths), "data");
        Directory.CreateDirectory(data);
        var url = Url(port);
        return new ProcessSpec
        {
            Name = Name,
            Executable = executable,
            Arguments =
            [
                $"--config.file={PrometheusTargets.ConfigFile(paths)}",
                $"--storage.tsdb.path={data}",
                $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
                "--storage.tsdb.retention.time=2h",
            ],
            WorkingDirectory = PrometheusTargets.Folder(paths),
            Address = url,
            Ports = new Dictionary<string, int> { ["http"] = port },
            CheckReadiness = ct => ReadyAsync(url, ct),
            ReadyTimeout = TimeSpan.FromSeconds(60),
        };
    }

    private static async Task<Readiness> ReadyAsync(string url, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(3) };
            using var response = await client.GetAsync(url + "/-/ready", cancellationToken);
            return response.IsSuccessStatusCode ? Readiness.Ready : Readiness.NotReady($"/-/ready answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return Readiness.NotReady(ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Readiness.NotReady("/-/ready timed out");
        }
    }
}
