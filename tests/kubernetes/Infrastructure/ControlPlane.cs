
using GatewayMesh.Ca.Hosting;
using GatewayMesh.Registry.Hosting;
using GatewayMesh.Registry.Leadership;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>
/// The chart installed for real with helm into the test API server (after a server-side dry run), then the mesh's
/// control plane run in-process as the chart runs it in a cluster: the CA and the registry each log in with their own
/// ServiceAccount (so the chart's RBAC is what they get), Redis loads the ACL the registry made, and the chart's two
/// webhook configurations are pointed at the registry's webhook port on 127.0.0.1 (clientConfig.url) instead of the
/// Service, which nothing serves here.
/// </summary>
public sealed class ControlPlane : IAsyncDisposable
{
    public const string Namespace = "istio-system";
    public const string TrustDomain = "cluster.local";
    private readonly KubeApiServer _server;
    private readonly KubeTools _tools;
    private readonly string _directory = Directory.CreateTempSubdirectory("gm-kube-cp-").FullName;
    private readonly List<RegistryInstance> _registries = [];
    private WebApplication? _ca;

    private ControlPlane(KubeApiServer server, KubeTools tools)
    {
        _server = server;
        _tools = tools;
    }

    public ToolResult DryRun { get; private set; } = null!;

    public ToolResult Install { get; private set; } = null!;

    public List<object> Manifest { get; private set; } = [];

    public AclRedis Redis { get; } = new();

    public Uri CaUri { get; private set; } = null!;

    public string CaRootFile => Path.Combine(_directory, "ca-root.pem");

    public int WebhookPort { get; } = FreePort.Next();

    /// <summary>The running replica that leads (the first running one while none does).</summary>
    public RegistryInstance Registry =>
        _registries.FirstOrDefault(r => !r.Stopped && r.Election.IsLeader) ?? _registries.First(r => !r.Stopped);

    public LogCapture CaLogs { get; } = new();

    public static async Task<ControlPlane> StartAsync(KubeApiServer server, KubeTools tools)
    {
        var plane = new ControlPlane(server, tools);
        try
        {
            await plane.InstallChartAsync();
            await plane.StartCaAsync();
            plane._registries.Add(await plane.StartRegistryAsync("registry-a", plane.WebhookPort));
            await plane.WaitForWebhooksAsync();
            return plane;
        }
        catch
        {
            await plane.DisposeAsync();
            throw;
        }
    }

    /// <summary>Another registry replica, for leader election; with <paramref name="serveWebhooks"/> it takes over the webhook port (free it first).</summary>
    public async Task<RegistryInstance> StartReplicaAsync(string identity, bool serveWebhooks)
    {
        var replica = await StartRegistryAsync(identity, serveWebhooks ? WebhookPort : -1);
        _registries.Add(replica);
        return replica;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var registry in Enumerable.Reverse(_registries))
        {
            await registry.DisposeAsync();
        }

        if (_ca is not null)
        {
            await _ca.StopAsync();
            await _ca.DisposeAsync();
        }

        await Redis.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task InstallChartAsync()
    {
        DryRun = await _tools.HelmAsync("install", "gm", RepositoryPaths.Chart, "-n", Namespace, "--create-namespace", "--dry-run=server");
        Install = (await _tools.HelmAsync("install", "gm", RepositoryPaths.Chart, "-n", Namespace, "--create-namespace")).EnsureSuccess("helm install");
        Manifest = [.. KubernetesYaml.LoadAllFromString((await _tools.HelmAsync("get", "manifest", "gm", "-n", Namespace)).EnsureSuccess("helm get manifest").Stdout).Where(o => o is not null)];
        await ServiceAccountTokens.EnsureNamespaceAsync(_server.Client, Namespace);

        var client = _server.Client;
        var validating = await client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("gatewaymesh-validator");
        foreach (var webhook in validating.Webhooks)
        {
            webhook.ClientConfig.Service = null;
            webhook.ClientConfig.Url = $"https://127.0.0.1:{WebhookPort}/validate";
        }

        await client.AdmissionregistrationV1.ReplaceValidatingWebhookConfigurationAsync(validating, "gatewaymesh-validator");
        var mutating = await client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync("gatewaymesh-sidecar-injector");
        foreach (var webhook in mutating.Webhooks)
        {
            webhook.ClientConfig.Service = null;
            webhook.ClientConfig.Url = $"https://127.0.0.1:{WebhookPort}/inject";
        }

        await client.AdmissionregistrationV1.ReplaceMutatingWebhookConfigurationAsync(mutating, "gatewaymesh-sidecar-injector");
        var injection = Manifest.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "gatewaymesh-injection").Data["injection.json"];
        await File.WriteAllTextAsync(Path.Combine(_directory, "injection.json"), injection);
    }

    private async Task StartCaAsync()
    {
        var kubeconfig = await ServiceAccountTokens.KubeconfigAsync(_server, Namespace, "gatewaymesh-ca", _directory);
        _ca = CaApp.Create(
        [
            "--dir", Path.Combine(_directory, "ca"), "--port", "0", "--trust-domain", TrustDomain,
            "--kubernetes=true", "--kubeconfig", kubeconfig, "--kubernetes-namespace", Namespace, "--root-secret", "gatewaymesh-ca-root",
            "--dns-san-grants", $"spiffe://{TrustDomain}/ns/{Namespace}/sa/gatewaymesh-registry=gatewaymesh-registry.{Namespace}.svc,gatewaymesh-registry.{Namespace}.svc.cluster.local,127.0.0.1",
            "--reload-interval", "1s",
        ], services => services.AddLogging(l => l.ClearProviders().AddProvider(CaLogs)));
        await _ca.StartAsync();
        CaUri = CaApp.GetListeningUri(_ca);

        // The CA publishes its trust bundle as a ConfigMap in every namespace; the registry trusts the CA through it.
        var bundle = await Eventually.ValueAsync(async () =>
        {
            try
            {
                var map = await _server.Client.CoreV1.ReadNamespacedConfigMapAsync("gatewaymesh-ca-root-cert", Namespace);
                return map.Data is { } data && data.TryGetValue("root-cert.pem", out var pem) ? pem : null;
            }
            catch (k8s.Autorest.HttpOperationException)
            {
                return null;
            }
        }, TimeSpan.FromSeconds(30), "the CA's root ConfigMap");
        await File.WriteAllTextAsync(CaRootFile, bundle);
    }

    private async Task<RegistryInstance> StartRegistryAsync(string identity, int webhookPort)
    {
        var directory = Directory.CreateDirectory(Path.Combine(_directory, identity)).FullName;
        var client = _server.Client;
        var pod = await ServiceAccountTokens.PendingPodAsync(client, Namespace, "gatewaymesh-" + identity, "gatewaymesh-registry");
        var caToken = Path.Combine(directory, "ca-token");
        await File.WriteAllTextAsync(caToken, await ServiceAccountTokens.RequestAsync(client, Namespace, "gatewaymesh-registry", "gatewaymesh-ca", pod));
        var kubeconfig = await ServiceAccountTokens.KubeconfigAsync(_server, Namespace, "gatewaymesh-registry", directory);
        var logs = new LogCapture();
        var app = RegistryApp.Create(
        [
            "--urls", "http://127.0.0.1:0", "--state-dir", directory,
            "--kubernetes", "--kubeconfig", kubeconfig, "--kubernetes-namespace", Namespace, "--kubernetes-identity", identity,
            "--redis", Redis.Address, "--redis-acl-secret", "gatewaymesh-redis-acl", "--api-token-secret", "gatewaymesh-registry-token",
            "--webhook-port", webhookPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--webhook-address", "127.0.0.1", "--webhook-extra-names", "127.0.0.1",
            "--ca-address", CaUri.ToString().TrimEnd('/'), "--ca-root-file", CaRootFile, "--ca-token-file", caToken, "--trust-domain", TrustDomain,
            "--leader-lease-duration", "40s", "--leader-renew-deadline", "30s", "--leader-retry-period", "500ms",
            "--injection-config", Path.Combine(_directory, "injection.json"),
        ], services => services.AddLogging(l => l.ClearProviders().AddProvider(logs).AddFilter("GatewayMesh", LogLevel.Debug)));
        if (_registries.Count == 0)
        {
            // The registry made the ACL Secret while building; Redis starts from it, as the chart's Redis pod does.
            await Redis.StartAsync(client, Namespace, "gatewaymesh-redis-acl");
        }

        await app.StartAsync();
        return new RegistryInstance(app, identity, directory, logs);
    }

    private async Task WaitForWebhooksAsync()
    {
        await Registry.Election.WaitForLeadershipAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.ValueAsync(async () =>
        {
            var validating = await _server.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync("gatewaymesh-validator");
            var mutating = await _server.Client.AdmissionregistrationV1.ReadMutatingWebhookConfigurationAsync("gatewaymesh-sidecar-injector");
            return validating.Webhooks.All(w => w.ClientConfig.CaBundle is { Length: > 0 }) && mutating.Webhooks.All(w => w.ClientConfig.CaBundle is { Length: > 0 })
                ? "patched" : null;
        }, TimeSpan.FromSeconds(60), () => "the caBundle patch of both webhook configurations\n" + Registry.Logs.Dump());
    }
}

/// <summary>One running registry replica.</summary>
public sealed class RegistryInstance(WebApplication app, string identity, string directory, LogCapture logs) : IAsyncDisposable
{
    public bool Stopped { get; private set; }

    public string Identity => identity;

    public LogCapture Logs => logs;

    public ILeaderElection Election => app.Services.GetRequiredService<ILeaderElection>();

    public IServiceProvider Services => app.Services;

    /// <summary>The registry API's base URL (what <c>meshctl --server</c> takes).</summary>
    public Uri Url => RegistryApp.GetListeningUri(app);

    /// <summary>The API's bearer token (what <c>meshctl --token</c> takes).</summary>
    public string Token => File.ReadAllText(Path.Combine(directory, "registry.token")).Trim();

    public HttpClient Api()
    {
        var http = new HttpClient { BaseAddress = Url };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        return http;
    }

    public async Task StopAsync()
    {
        if (!Stopped)
        {
            Stopped = true;
            await app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await app.DisposeAsync();
    }

    public override string ToString() => identity;
}
