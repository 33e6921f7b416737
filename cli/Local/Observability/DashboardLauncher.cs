using GatewayMesh.Cli.Local.Ports;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;

namespace GatewayMesh.Cli.Local.Observability;

/// <summary>
/// The dashboard process (<c>gatewaymesh-dashboard</c>): scrapes the proxies listed in the Prometheus targets file,
/// needs the registry's token for its API, and with <c>--tracing</c> also runs the OTLP/HTTP receiver the proxies
/// export their spans to. Ready once <c>/healthz</c> answers.
/// </summary>
internal sealed class DashboardLauncher(MeshPaths paths)
{
    public const string Name = "dashboard";
    public const int DefaultPort = 15030;
    public const int DefaultOtlpPort = 4318;
    public const string DllVariable = "MESHCTL_DASHBOARD_DLL";

    public ProcessSpec CreateSpec(string dotnet, string dll, int port, string registryUrl, int? otlpPort)
    {
        var logFile = paths.LogFile(Name);
        List<string> arguments =
        [
            dll,
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--token-file", paths.RegistryTokenFile,
            "--targets-file", PrometheusTargets.TargetsFile(paths),
            "--registry", registryUrl,
        ];
        if (otlpPort is { } otlp)
        {
            arguments.AddRange(["--otlp-port", otlp.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return new ProcessSpec
        {
            Name = Name,
            Executable = dotnet,
            Arguments = arguments,
            WorkingDirectory = paths.StateDir,
            Address = "(starting)",
            CheckReadiness = ct => ReadyAsync(logFile, ct),
            ReadyTimeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>The dashboard's URL from a recorded process (its printed port).</summary>
    public static string Url(int port) => $"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    private static async Task<Readiness> ReadyAsync(string logFile, CancellationToken cancellationToken)
    {
        var ports = PrintedPorts.Read(logFile);
        if (!ports.TryGetValue("dashboard", out var port))
        {
            return Readiness.NotReady("it has not printed its port yet");
        }

        try
        {
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(3) };
            using var response = await client.GetAsync(Url(port) + "/healthz", cancellationToken);
            return response.IsSuccessStatusCode
                ? Readiness.Ready with { Ports = ports, Address = Url(port) }
                : Readiness.NotReady($"/healthz answered {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex)
        {
            return Readiness.NotReady(ex.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Readiness.NotReady("/healthz timed out");
        }
    }
}
