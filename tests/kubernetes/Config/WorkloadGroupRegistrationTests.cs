using System.Text.Json;
using GatewayMesh.KubernetesTests.Infrastructure;
using GatewayMesh.Sidecar.Hosting;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.KubernetesTests.Config;

/// <summary>
/// Istio's WorkloadGroup auto-registration with the registry in Kubernetes mode: a workload outside the cluster (here,
/// a sidecar run with <c>--workload-group</c> and a ServiceAccount token the CA checks by TokenReview) joins the group,
/// and its WorkloadEntry is a custom resource in the API server, made from the group's template. The group's readiness
/// probe runs in that sidecar, and its verdict is the entry's <c>Healthy</c> condition in the resource's status, beside
/// the registry's own <c>Accepted</c> condition, as <c>kubectl get workloadentry -o yaml</c> shows it with Istio.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class WorkloadGroupRegistrationTests(KubeEnvironment environment)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task GroupMember_EntryIsACustomResource_ItsProbeVerdictIsTheHealthyCondition_BesideAccepted()
    {
        var plane = await environment.ControlPlaneAsync();
        var client = environment.Server.Client;
        var ns = TestNamespaces.New("vm");
        await ServiceAccountTokens.EnsureNamespaceAsync(client, ns);
        await ServiceAccountTokens.EnsureServiceAccountAsync(client, ns, "ratings-vm");
        var health = new HealthSwitch();
        await using var app = await StartAppAsync(health);
        var appPort = new Uri(app.Urls.Single()).Port;

        (await environment.Tools.KubectlAsync($$"""
            apiVersion: networking.istio.io/v1
            kind: WorkloadGroup
            metadata: {name: ratings-vm, namespace: {{ns}}}
            spec:
              metadata:
                labels: {app: ratings, version: vm}
              template:
                serviceAccount: ratings-vm
                ports: {http: {{appPort}}}
              probe:
                periodSeconds: 1
                failureThreshold: 1
                timeoutSeconds: 5
                successThreshold: 1
                httpGet: {path: /healthz, port: {{appPort}}}
            """, "apply", "-f", "-")).EnsureSuccess("kubectl apply the WorkloadGroup");
        await Eventually.TrueAsync(async () => ConditionStatus(await ReadAsync(client, "workloadgroups", ns, "ratings-vm"), "Accepted") == "True",
            Timeout, () => "the WorkloadGroup stored (Accepted)\n" + plane.Registry.Logs.Dump());

        // What a VM's bootstrap gets: a token of the group's ServiceAccount for the CA's audience (bound to a pod here, as
        // the CA requires by default), the CA's root and the registry's API token.
        var directory = Directory.CreateTempSubdirectory("gm-kube-vm-").FullName;
        var logs = new LogCapture();
        WebApplication? sidecar = null;
        try
        {
            var bound = await ServiceAccountTokens.PendingPodAsync(client, ns, "ratings-vm-bootstrap", "ratings-vm");
            var caToken = Path.Combine(directory, "ca-token");
            await File.WriteAllTextAsync(caToken, await ServiceAccountTokens.RequestAsync(client, ns, "ratings-vm", Core.Identity.CaApi.TokenAudience, bound));
            var registryToken = Path.Combine(directory, "registry-token");
            await File.WriteAllTextAsync(registryToken, plane.Registry.Token);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(registryToken, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            sidecar = SidecarApp.Create(
            [
                "--service", "ratings", "--namespace", ns, "--service-account", "ratings-vm", "--app-port", appPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--workload-group", $"{ns}/ratings-vm", "--workload-address", "127.0.0.1", "--lease-ttl", "60s",
                "--registry", plane.Registry.Url.ToString().TrimEnd('/'), "--registry-token-file", registryToken,
                "--redis", plane.Redis.Address, "--redis-user", "proxy",
                "--ca-address", plane.CaUri.ToString().TrimEnd('/'), "--ca-root-file", plane.CaRootFile, "--ca-token-file", caToken,
                "--trust-domain", ControlPlane.TrustDomain, "--snapshot-file", Path.Combine(directory, "snapshot.json"),
            ], services => services.AddLogging(l => l.ClearProviders().AddProvider(logs)));
            await sidecar.StartAsync();

            var entryName = "ratings-vm-127.0.0.1";
            var entry = await Eventually.ValueAsync(async () =>
            {
                var item = await ReadAsync(client, "workloadentries", ns, entryName);
                return ConditionStatus(item, "Healthy") == "True" && ConditionStatus(item, "Accepted") == "True" ? item!.Value.GetRawText() : null;
            }, Timeout, () => $"WorkloadEntry {ns}/{entryName} with Healthy and Accepted True\nregistry:\n{plane.Registry.Logs.Dump()}\nsidecar:\n{logs.Dump()}");
            using var document = JsonDocument.Parse(entry);
            var root = document.RootElement;
            Assert.Equal("ratings-vm", root.GetProperty("metadata").GetProperty("annotations").GetProperty("istio.io/autoRegistrationGroup").GetString());
            Assert.Equal("127.0.0.1", root.GetProperty("spec").GetProperty("address").GetString());
            Assert.Equal("ratings-vm", root.GetProperty("spec").GetProperty("serviceAccount").GetString());
            Assert.Equal("ratings", root.GetProperty("metadata").GetProperty("labels").GetProperty("app").GetString());

            // The app's health check fails: the proxy's probe says so, and the condition follows; Accepted stays.
            health.Healthy = false;
            await Eventually.TrueAsync(async () =>
            {
                var item = await ReadAsync(client, "workloadentries", ns, entryName);
                return ConditionStatus(item, "Healthy") == "False" && ConditionReason(item, "Healthy") == "ProbeFailed" && ConditionStatus(item, "Accepted") == "True";
            }, Timeout, () => $"Healthy False (ProbeFailed) beside Accepted on {ns}/{entryName}\nregistry:\n{plane.Registry.Logs.Dump()}\nsidecar:\n{logs.Dump()}");
        }
        finally
        {
            if (sidecar is not null)
            {
                await sidecar.StopAsync();
                await sidecar.DisposeAsync();
            }

            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<JsonElement?> ReadAsync(IKubernetes client, string plural, string ns, string name)
    {
        try
        {
            return JsonSerializer.SerializeToElement(await client.CustomObjects.GetNamespacedCustomObjectAsync("networking.istio.io", "v1", ns, plural, name));
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private static JsonElement? Condition(JsonElement? item, string type)
    {
        if (item is not { } found || !found.TryGetProperty("status", out var status) || !status.TryGetProperty("conditions", out var conditions))
        {
            return null;
        }

        return conditions.EnumerateArray().Where(c => c.GetProperty("type").GetString() == type).Select(c => (JsonElement?)c).FirstOrDefault();
    }

    private static string? ConditionStatus(JsonElement? item, string type) => Condition(item, type)?.GetProperty("status").GetString();

    private static string? ConditionReason(JsonElement? item, string type) =>
        Condition(item, type) is { } condition && condition.TryGetProperty("reason", out var reason) ? reason.GetString() : null;

    private static async Task<WebApplication> StartAppAsync(HealthSwitch health)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/healthz", () => health.Healthy ? Results.Ok("ok") : Results.StatusCode(StatusCodes.Status500InternalServerError));
        app.MapGet("/{**path}", () => "ratings vm");
        await app.StartAsync();
        return app;
    }

    private sealed class HealthSwitch
    {
        private volatile bool _healthy = true;

        public bool Healthy
        {
            get => _healthy;
            set => _healthy = value;
        }
    }
}
