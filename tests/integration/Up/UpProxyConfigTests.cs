using System.Runtime.Versioning;
using GatewayMesh.Cli.Local.State;
using Xunit;

namespace GatewayMesh.IntegrationTests.Up;

/// <summary>
/// Issue 12: Istio ProxyConfigs stored in the registry reach the proxy processes <c>meshctl up</c> starts (the selected
/// workload's, the mesh-wide ones everywhere), with <c>concurrency</c> as DOTNET_PROCESSOR_COUNT, and stay out of the
/// apps the sidecars start. Read from the real processes' /proc/PID/environ.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class UpProxyConfigTests
{
    private const string ProcessorCount = "DOTNET_PROCESSOR_COUNT";

    [Fact]
    public async Task Up_StoredProxyConfigs_SelectedProxiesStartWithTheirEnvironment_AppsDoNot()
    {
        await using var mesh = new LocalMesh();
        var first = await mesh.UpAsync();
        Assert.True(first.ExitCode == 0, first.Error);
        var file = mesh.Repo.Write("proxyconfig.yaml", """
            apiVersion: networking.istio.io/v1beta1
            kind: ProxyConfig
            metadata: {name: reviews-v2, namespace: default}
            spec:
              selector: {matchLabels: {app: reviews, version: v2}}
              concurrency: 1
              environmentVariables: {ISTIO_META_TEAM: reviews-v2}
            ---
            apiVersion: networking.istio.io/v1beta1
            kind: ProxyConfig
            metadata: {name: mesh, namespace: istio-system}
            spec: {environmentVariables: {ISTIO_META_MESH: bookinfo}}
            """);
        var apply = await mesh.Cli.RunAsync("apply", "-f", file);
        Assert.True(apply.ExitCode == 0, apply.Out + apply.Error);
        Assert.Equal(0, (await mesh.Cli.RunAsync("down")).ExitCode);

        var up = await mesh.UpWithWorkloadsAsync();
        Assert.True(up.ExitCode == 0, up.Error);

        var processes = mesh.State!.Processes;
        var reviewsV2 = Environ(Pid(processes, "reviews-v2"));
        var reviewsV1 = Environ(Pid(processes, "reviews-v1"));
        var ingress = Environ(Pid(processes, "ingress"));
        Assert.Equal("reviews-v2", reviewsV2.GetValueOrDefault("ISTIO_META_TEAM"));
        Assert.Equal("1", reviewsV2.GetValueOrDefault(ProcessorCount));
        Assert.Equal("bookinfo", reviewsV2.GetValueOrDefault("ISTIO_META_MESH"));
        Assert.Null(reviewsV1.GetValueOrDefault("ISTIO_META_TEAM"));
        Assert.Equal(Environment.GetEnvironmentVariable(ProcessorCount), reviewsV1.GetValueOrDefault(ProcessorCount));
        Assert.Equal("bookinfo", reviewsV1.GetValueOrDefault("ISTIO_META_MESH"));
        Assert.Equal("bookinfo", ingress.GetValueOrDefault("ISTIO_META_MESH"));

        // the app reviews-v2's sidecar started has none of it
        var app = Environ(ChildOf(Pid(processes, "reviews-v2")));
        Assert.Null(app.GetValueOrDefault("ISTIO_META_TEAM"));
        Assert.Null(app.GetValueOrDefault("ISTIO_META_MESH"));
        Assert.Equal(Environment.GetEnvironmentVariable(ProcessorCount), app.GetValueOrDefault(ProcessorCount));
        Assert.NotNull(app.GetValueOrDefault("HTTP_PROXY")); // it is the app: the sidecar set its proxy
    }

    private static int Pid(IReadOnlyList<ProcessRecord> processes, string name) => processes.Single(p => p.Name == name).Pid;

    private static Dictionary<string, string> Environ(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ")
            .Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);

    /// <summary>The one child process of <paramref name="parent"/> (the app a sidecar started), from /proc/*/stat.</summary>
    private static int ChildOf(int parent)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) ": state, ppid, ...
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == parent)
                {
                    children.Add(pid);
                }
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
        }

        return Assert.Single(children);
    }
}
