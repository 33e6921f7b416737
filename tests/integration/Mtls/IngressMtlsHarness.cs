using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Identity;
using GatewayMesh.Ingress.Hosting;
using GatewayMesh.IntegrationTests.Blocks;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.IntegrationTests.Mtls;

/// <summary>
/// A real ingress in-process (optionally with a workload certificate source) against the test Redis, the writer side of
/// the mesh state, and a Gateway + VirtualService sending everything to <c>reviews</c>. Instances are registered with the
/// service account and labels a test chooses, so the ingress's upstream client decides mTLS from them.
/// </summary>
public sealed class IngressMtlsHarness : IAsyncDisposable
{
    public static readonly SpiffeId Identity = new("cluster.local", "istio-system", "istio-ingressgateway");
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private const string Routes = """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: gw}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 80, name: http, protocol: HTTP}
            hosts: ["*"]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: reviews}
        spec:
          hosts: ["*"]
          gateways: [gw]
          http:
          - match: [{uri: {prefix: /port}}]
            route: [{destination: {host: reviews, port: {number: 9080}}}]
          - route: [{destination: {host: reviews}}]
        """;

    private readonly MeshStateUnderTest _writer;
    private readonly WebApplication _app;
    private readonly ProxyStateDir _state;

    private IngressMtlsHarness(MeshStateUnderTest writer, WebApplication app, ProxyStateDir state)
    {
        _writer = writer;
        _app = app;
        _state = state;
        var listeners = app.Services.GetRequiredService<IngressListeners>();
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = listeners.HttpUri, Timeout = Timeout };
        Admin = new HttpClient { BaseAddress = listeners.AdminUri, Timeout = Timeout };
    }

    public HttpClient Client { get; }

    public HttpClient Admin { get; }

    public static async Task<IngressMtlsHarness> StartAsync(RedisServerFixture redis, IWorkloadCertificateSource? source)
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var writer = RedisMeshStateFactory.Create(redis.ConnectionString, TimeProvider.System, prefix);
        string[] args = ["--redis", redis.ConnectionString, "--key-prefix", prefix, "--http-port", "0", "--https-port", "0", "--admin-port", "0"];
        var (app, state) = await ProxyStateDirs.StartAsync(stateArgs => IngressApp.Create([.. args, .. stateArgs], services =>
        {
            services.AddLogging(l => l.ClearProviders());
            if (source is not null)
            {
                services.AddSingleton(source);
            }
        }));
        var harness = new IngressMtlsHarness(writer, app, state);
        await harness.ApplyAsync(Routes);
        return harness;
    }

    /// <summary>Registers <paramref name="port"/> as an instance of reviews in namespace default with service account <paramref name="serviceAccount"/>.</summary>
    public async Task RegisterAsync(int port, string serviceAccount, bool meshTlsLabel)
    {
        var labels = new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v1" };
        if (meshTlsLabel)
        {
            labels["security.istio.io/tlsMode"] = "istio";
        }

        var lease = await _writer.Registry.RegisterAsync(
            new ServiceInstance
            {
                Service = "reviews",
                Namespace = "default",
                InstanceId = $"reviews-{port}",
                Address = "127.0.0.1",
                Port = port,
                Labels = labels.ToValueMap(),
                ServiceAccount = serviceAccount,
            },
            TimeSpan.FromHours(1));
        await WaitForRevisionAsync(lease.Revision);
    }

    /// <summary>Puts every resource of <paramref name="yaml"/> and waits until the ingress serves it.</summary>
    public async Task ApplyAsync(string yaml)
    {
        var parsed = ConfigParser.Parse(yaml, "test");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        var revision = 0L;
        foreach (var resource in parsed.Resources)
        {
            revision = long.Parse((await _writer.Configs.PutAsync(resource)).Metadata.ResourceVersion!);
        }

        await WaitForRevisionAsync(revision);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _state.Dispose();
        await _writer.DisposeAsync();
    }

    private Task WaitForRevisionAsync(long revision) =>
        _app.Services.GetRequiredService<ProxyState>().WaitForRevisionAsync(revision).WaitAsync(Timeout);
}
