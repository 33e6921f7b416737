using System.Net;
using GatewayMesh.Registry.Kubernetes.Injection;

namespace GatewayMesh.IntegrationTests.Capture;

/// <summary>
/// One injected pod, as the injector makes it: a <see cref="PodNamespace"/> with exactly the init container's rules
/// (<see cref="IptablesRules.Render"/> for UID 1337, the health port excluded), a Redis for the sidecar's config (inside
/// the pod: the test's loopback is not reachable from another namespace), the app (Bookinfo's details on
/// <see cref="PortA"/>, its ratings on <see cref="PortB"/>, both on 127.0.0.1 only, as UID <see cref="AppUid"/>) and the
/// real sidecar dll as UID 1337 with the injected switches. Ready once the sidecar's own <c>wait</c> command says so.
/// With a registry, the real registry runs in the pod too (root, on <see cref="RegistryPort"/>, which the rules leave
/// uncaptured as an <c>excludeInboundPorts</c> annotation would), so the test applies Istio YAML from outside.
/// </summary>
internal sealed class CapturedPod : IAsyncDisposable
{
    public const int ProxyUid = 1337;
    public const int AppUid = 1000;
    public const int PortA = 9080;
    public const int PortB = 9091;
    public const int AdminPort = SidecarTemplate.AdminPort;
    public const int RegistryPort = 15080;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private CapturedPod(PodNamespace network, NamespacedProcess sidecar, NamespacedProcess? registry)
    {
        Network = network;
        Sidecar = sidecar;
        Registry = registry;
    }

    public PodNamespace Network { get; }

    public NamespacedProcess Sidecar { get; }

    public NamespacedProcess? Registry { get; }

    public IPAddress Address => Network.PodAddress;

    /// <param name="outboundPolicy">The sidecar's <c>--outbound-policy</c>.</param>
    /// <param name="withRegistry">Also run the registry in the pod, for <see cref="ApplyAsync"/>.</param>
    /// <param name="excluded">The pod's <c>traffic.sidecar.istio.io/exclude*</c> annotations, as the injector reads them.</param>
    public static async Task<CapturedPod> StartAsync(string outboundPolicy, bool withRegistry = false, TrafficExclusions? excluded = null)
    {
        var network = await PodNamespace.CreateAsync();
        try
        {
            await network.InstallRulesAsync(IptablesRules.Render(ProxyUid, withRegistry ? [SidecarTemplate.AdminPort, RegistryPort] : [SidecarTemplate.AdminPort], excluded));
            var dotnet = DotnetHost();
            var redisDir = Path.Combine(network.Folder, "redis");
            Directory.CreateDirectory(redisDir);
            var redis = network.Start("redis", null, PodNamespace.FindTool("redis-server")!,
                ["--port", "6379", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", redisDir]);
            var details = network.Start("details", AppUid, dotnet, [Bin(network, "bookinfo.dll"), "details", "--urls", $"http://127.0.0.1:{PortA}"]);
            var ratings = network.Start("ratings", AppUid, dotnet, [Bin(network, "bookinfo.dll"), "ratings", "--urls", $"http://127.0.0.1:{PortB}"]);
            await redis.WaitForLineAsync(line => line.Contains("Ready to accept connections", StringComparison.Ordinal), StartTimeout);
            var registry = withRegistry
                ? network.Start("registry", null, dotnet,
                    [Bin(network, "gatewaymesh-registry.dll"), "--urls", $"http://0.0.0.0:{RegistryPort}", "--redis", "127.0.0.1:6379", "--state-dir", Path.Combine(network.Folder, "registry")])
                : null;
            var sidecar = network.Start("sidecar", ProxyUid, dotnet,
            [
                Bin(network, "gatewaymesh-sidecar.dll"), "--service", "capture", "--namespace", "default", "--redis", "127.0.0.1:6379",
                "--state-dir", Path.Combine(network.Folder, "home-sidecar", "state"), "--capture", "iptables", "--bind", "0.0.0.0",
                "--inbound-port", "15006", "--outbound-port", "15001", "--admin-port", $"{SidecarTemplate.AdminPort}",
                "--app-port", $"{PortA}", "--outbound-policy", outboundPolicy, "--protocol-sniff-timeout", "00:00:00.5",
            ]);
            await details.WaitForLineAsync(line => line.Contains("listening on", StringComparison.Ordinal), StartTimeout);
            await ratings.WaitForLineAsync(line => line.Contains("listening on", StringComparison.Ordinal), StartTimeout);
            await sidecar.WaitForLineAsync(line => line.StartsWith("sidecar capture inbound", StringComparison.Ordinal), StartTimeout);
            if (registry is not null)
            {
                await registry.WaitForLineAsync(line => line.StartsWith("registry listening on", StringComparison.Ordinal), StartTimeout);
            }
            var wait = network.Start("wait", ProxyUid, dotnet, [Bin(network, "gatewaymesh-sidecar.dll"), "wait", "--admin-port", $"{SidecarTemplate.AdminPort}", "--timeout", "90s"]);
            var ready = await wait.WaitForExitAsync(StartTimeout);
            if (ready != 0)
            {
                throw new InvalidOperationException($"the sidecar never became ready:\n{wait.Output}\n--- sidecar:\n{sidecar.Output}");
            }

            return new CapturedPod(network, sidecar, registry);
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>bash -c <paramref name="script"/></c> inside the pod as the app's UID (so its connections are redirected) and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> RunAsAppAsync(string name, string script)
    {
        var client = Network.Start(name, AppUid, PodNamespace.FindTool("bash")!, ["-c", script]);
        var exit = await client.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exit, client.Output);
    }

    /// <summary>Applies Istio YAML through the pod's registry API (from outside the pod, with the registry's token); fails on any answer but 2xx.</summary>
    public async Task ApplyAsync(string yaml)
    {
        var registry = Registry ?? throw new InvalidOperationException("the pod was started without a registry");
        var token = (await File.ReadAllTextAsync(Path.Combine(Network.Folder, "registry", "registry.token"))).Trim();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = new Uri($"http://{Address}:{RegistryPort}"), Timeout = StartTimeout };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await http.PostAsync("/api/v1/apply", new StringContent(yaml, System.Text.Encoding.UTF8, "application/yaml"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"apply answered {(int)response.StatusCode}: {body}\n--- registry:\n{registry.Output}");
        }
    }

    public ValueTask DisposeAsync() => Network.DisposeAsync();

    private static string Bin(PodNamespace network, string file) => Path.Combine(network.Binaries, file);

    /// <summary>The dotnet host running this test (it must be one every UID can run, e.g. /usr/share/dotnet).</summary>
    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "/usr/bin/dotnet";
}
