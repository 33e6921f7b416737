using System.Net;
using System.Text.Json;
using GatewayMesh.KubernetesTests.Infrastructure;
using GatewayMesh.Proxy.Hosting;
using GatewayMesh.Proxy.Telemetry.Exposition;
using GatewayMesh.Sidecar.Dapr.Settings;
using GatewayMesh.Sidecar.Hosting;
using GatewayMesh.Sidecar.Listeners;
using GatewayMesh.Sidecar.Settings;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.KubernetesTests.Injection;

/// <summary>
/// No kubelet runs here, so the test plays its part for one injected pod: it takes the sidecar container exactly as the
/// API server stored it, gives it what the kubelet would (the projected ServiceAccount token, the CA root, the pod's
/// name; ports and addresses of this test's control plane, since no pod network exists), and runs the real sidecar
/// with those arguments. The sidecar must understand every switch the injector passes, get its SPIFFE identity from the
/// CA with the projected token (TokenReview), pass the <c>postStart</c> hook's <c>wait</c>, and carry traffic to the app.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class InjectedSidecarTests(KubeEnvironment environment)
{
    [Fact]
    public async Task InjectedPod_SidecarRunsWithTheStoredArguments_ProjectedTokenIdentity_WaitThenServesTheApp()
    {
        var plane = await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var ns = TestNamespaces.New("running");
        await ServiceAccountTokens.EnsureNamespaceAsync(client, ns, new Dictionary<string, string> { ["istio-injection"] = "enabled" });
        await ServiceAccountTokens.EnsureServiceAccountAsync(client, ns, "bookinfo-ratings");
        var appPort = FreePort.Next();
        var created = await client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "ratings-v1-run", Labels = new Dictionary<string, string> { ["app"] = "ratings", ["version"] = "v1" } },
            Spec = new V1PodSpec
            {
                ServiceAccountName = "bookinfo-ratings",
                Containers = [new V1Container { Name = "ratings", Image = "gatewaymesh/bookinfo:0.1.0", Ports = [new V1ContainerPort { ContainerPort = appPort }] }],
            },
        }, ns);
        var pod = await client.CoreV1.ReadNamespacedPodAsync(created.Metadata.Name, ns);
        var container = pod.Spec.Containers[0];
        Assert.Equal("istio-proxy", container.Name);

        // Every switch the injector passes is one the sidecar reads (the configuration binder would ignore others).
        var known = SidecarOptions.RoleSwitches.Concat(ProxyHostOptions.Switches).Append("label").Select(s => "--" + s).Concat(DaprApiOptions.Switches.Keys).ToHashSet();
        Assert.All(container.Args.Where(a => a.StartsWith("--", StringComparison.Ordinal)), a => Assert.Contains(a, known));
        Assert.Equal(["/app/gatewaymesh-sidecar", WaitCommand.Name], container.Lifecycle.PostStart.Exec.Command.Take(2));

        // What the kubelet would mount and substitute.
        var directory = Directory.CreateTempSubdirectory("gm-kube-pod-").FullName;
        var projected = pod.Spec.Volumes.Single(v => v.Name == "gatewaymesh-ca-token").Projected.Sources.Single().ServiceAccountToken;
        var tokenFile = Path.Combine(directory, projected.Path);
        await File.WriteAllTextAsync(tokenFile, await ServiceAccountTokens.RequestAsync(client, ns, "bookinfo-ratings", projected.Audience, boundTo: pod));
        var (inbound, outbound, admin, daprHttp) = (FreePort.Next(), FreePort.Next(), FreePort.Next(), FreePort.Next());
        var replaced = new Dictionary<string, string>
        {
            ["--redis"] = plane.Redis.Address,
            ["--ca-address"] = plane.CaUri.ToString().TrimEnd('/'),
            ["--ca-root-file"] = plane.CaRootFile,
            ["--ca-token-file"] = tokenFile,
            ["--snapshot-file"] = Path.Combine(directory, "snapshot.json"),
            ["--inbound-port"] = inbound.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--outbound-port"] = outbound.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--admin-port"] = admin.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--dapr-http-port"] = daprHttp.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["--dapr-grpc-port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        Assert.Equal(replaced.Keys.Order(), container.Args.Where(replaced.ContainsKey).Order()); // the test replaces only switches the injector passes
        var args = container.Args.ToArray();
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = args[i].Replace("$(POD_NAME)", pod.Metadata.Name, StringComparison.Ordinal);
            if (i > 0 && replaced.TryGetValue(args[i - 1], out var value))
            {
                args[i] = value;
            }
        }

        await using var app = await StartAppAsync(appPort);
        var logs = new LogCapture();
        var sidecar = SidecarApp.Create(args, services => services.AddLogging(l => l.ClearProviders().AddProvider(logs)));
        await sidecar.StartAsync();
        try
        {
            using var output = new StringWriter();
            var waited = await WaitCommand.RunAsync(["--admin-port", replaced["--admin-port"], "--timeout", "90s"], output, TimeProvider.System);
            Assert.True(waited == 0, $"wait exited {waited}: {output}\n{logs.Dump()}");

            var listeners = sidecar.Services.GetRequiredService<SidecarListeners>();
            Assert.Equal(IPAddress.Any.ToString(), listeners.InboundUri.Host); // --bind 0.0.0.0: peers reach the pod's IP
            using var adminClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{admin}") };
            using var certs = JsonDocument.Parse(await adminClient.GetStringAsync("/debug/certs"));
            Assert.Contains($"spiffe://{ControlPlane.TrustDomain}/ns/{ns}/sa/bookinfo-ratings", certs.RootElement.GetRawText());

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{inbound}") };
            Assert.Equal("ratings app", await http.GetStringAsync("/ratings/0"));

            // Prometheus, as its annotation-driven pod job scrapes: the annotated port is the admin listener's (--admin-port as
            // stored), the annotated path answers with Istio's metrics, also to a caller outside the pod (a non-loopback
            // address here), which gets nothing else of the admin API.
            var annotations = pod.Metadata.Annotations;
            Assert.Equal("true", annotations["prometheus.io/scrape"]);
            Assert.Equal(container.Args[container.Args.IndexOf("--admin-port") + 1], annotations["prometheus.io/port"]);
            Assert.Contains(container.Ports, p => p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == annotations["prometheus.io/port"]);
            Assert.Equal(StatsEndpoint.StatsPath, annotations["prometheus.io/path"]);
            var (prometheus, podAddress) = await PrivateNetwork.RemoteCallerAsync();
            using (prometheus)
            {
                var target = new Uri($"http://{podAddress}:{admin}{annotations["prometheus.io/path"]}");
                var exposition = "";
                await Eventually.TrueAsync(async () =>
                {
                    using var scrape = await prometheus.GetAsync(target);
                    exposition = await scrape.Content.ReadAsStringAsync();
                    return scrape.IsSuccessStatusCode && scrape.Content.Headers.ContentType?.MediaType == "text/plain"
                        && exposition.Contains("destination_workload=\"ratings-v1\"", StringComparison.Ordinal); // the request above, counted inbound
                }, TimeSpan.FromSeconds(30), () => $"{target} answering Istio's metrics with the request above:\n{exposition}");
                Assert.Contains("# TYPE istio_requests_total counter", exposition, StringComparison.Ordinal);
                Assert.Equal(HttpStatusCode.NotFound, (await prometheus.GetAsync($"http://{podAddress}:{admin}/debug/certs")).StatusCode);
            }

            // The Dapr API on the port the injector passed (3500 in a pod), on loopback, for an app on the Dapr SDK.
            using var dapr = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{daprHttp}") };
            Assert.Equal(HttpStatusCode.NoContent, (await dapr.GetAsync("/v1.0/healthz")).StatusCode);
        }
        finally
        {
            await sidecar.StopAsync();
            await sidecar.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Wait_NoSidecarAnswers_ExitsOneAtTheTimeout_AndTwoOnBadArguments()
    {
        using var output = new StringWriter();
        var nobody = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, await WaitCommand.RunAsync(["--admin-port", nobody, "--timeout", "1s"], output, TimeProvider.System));
        Assert.Contains("was not ready within", output.ToString());
        Assert.Equal(2, await WaitCommand.RunAsync(["--timeout", "1s"], output, TimeProvider.System));
        Assert.Equal(2, await WaitCommand.RunAsync(["--admin-port", "x"], output, TimeProvider.System));
    }

    private static async Task<WebApplication> StartAppAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/{**path}", () => "ratings app");
        await app.StartAsync();
        return app;
    }
}
