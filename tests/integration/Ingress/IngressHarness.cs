using System.Net;
using System.Text.Json;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Ingress.Hosting;
using GatewayMesh.IntegrationTests.Blocks;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.Proxy.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ingress;

/// <summary>
/// An ingress started in-process on free ports against a real Redis (its own key prefix), the writer side of the
/// mesh state (config store and registry), and the upstream apps it forwards to. Writes return their revision;
/// <see cref="WaitForRevisionAsync"/> waits until the ingress serves a config compiled from it.
/// </summary>
public sealed class IngressHarness : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly MeshStateUnderTest _writer;
    private readonly WebApplication _app;
    private readonly ProxyStateDir _state;
    private readonly List<UpstreamApp> _upstreams = [];

    private IngressHarness(MeshStateUnderTest writer, WebApplication app, ProxyStateDir state)
    {
        _writer = writer;
        _app = app;
        _state = state;
        var listeners = app.Services.GetRequiredService<IngressListeners>();
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
        {
            BaseAddress = listeners.HttpUri,
            Timeout = Timeout,
        };
        Admin = new HttpClient { BaseAddress = listeners.AdminUri, Timeout = Timeout };
    }

    public HttpClient Client { get; }

    public HttpClient Admin { get; }

    public IngressListeners Listeners => _app.Services.GetRequiredService<IngressListeners>();

    public IServiceProvider Services => _app.Services;

    /// <summary>The ingress's <c>--state-dir</c>, deleted when the harness is disposed.</summary>
    internal string StateDirectory => _state.Path;

    public ProxyState State => _app.Services.GetRequiredService<ProxyState>();

    public static Task<IngressHarness> StartAsync(RedisServerFixture redis, params string[] extraArgs) =>
        StartAsync(redis, _ => { }, extraArgs);

    /// <param name="configureServices">Runs before the ingress's registrations, e.g. to register <c>MeshForwardingOptions</c>.</param>
    public static Task<IngressHarness> StartAsync(RedisServerFixture redis, Action<IServiceCollection> configureServices, params string[] extraArgs) =>
        StartAsync(redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), configureServices, extraArgs);

    /// <summary>An ingress on <paramref name="redisConnection"/> with <paramref name="keyPrefix"/>: two harnesses with one prefix are two replicas of one mesh.</summary>
    public static async Task<IngressHarness> StartAsync(string redisConnection, string keyPrefix, Action<IServiceCollection> configureServices, params string[] extraArgs)
    {
        var prefix = keyPrefix;
        var writer = RedisMeshStateFactory.Create(redisConnection, TimeProvider.System, prefix);
        string[] args = ["--redis", redisConnection, "--key-prefix", prefix, "--http-port", "0", "--https-port", "0", "--admin-port", "0"];
        var (app, state) = await ProxyStateDirs.StartAsync(stateArgs => IngressApp.Create([.. args, .. stateArgs, .. extraArgs], services =>
        {
            services.AddLogging(l => l.ClearProviders());
            configureServices(services);
        }));
        return new IngressHarness(writer, app, state);
    }

    /// <summary>Parses YAML (failing the test on any error), puts every resource, and returns the last revision.</summary>
    public async Task<long> ApplyAsync(string yaml)
    {
        var parsed = ConfigParser.Parse(yaml, "test");
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        var revision = 0L;
        foreach (var resource in parsed.Resources)
        {
            var stored = await _writer.Configs.PutAsync(resource);
            revision = long.Parse(stored.Metadata.ResourceVersion!);
        }

        return revision;
    }

    public Task<long> ApplyFileAsync(string relativePath) =>
        ApplyAsync(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, relativePath)));

    /// <summary>Starts an upstream app and registers it as an instance of <paramref name="service"/> with app/version labels.</summary>
    public async Task<(UpstreamApp App, long Revision)> AddUpstreamAsync(string service, string instanceId, string version = "v1", string ns = "default")
    {
        var upstream = await UpstreamApp.StartAsync(instanceId);
        _upstreams.Add(upstream);
        var revision = await RegisterAsync(service, instanceId, upstream.Port, version, ns);
        return (upstream, revision);
    }

    public async Task<long> RegisterAsync(string service, string instanceId, int port, string version = "v1", string ns = "default")
    {
        var lease = await _writer.Registry.RegisterAsync(
            new ServiceInstance
            {
                Service = service,
                Namespace = ns,
                InstanceId = instanceId,
                Address = "127.0.0.1",
                Port = port,
                Labels = new ValueMap<string, string>([KeyValuePair.Create("app", service), KeyValuePair.Create("version", version)]),
            },
            TimeSpan.FromHours(1));
        return lease.Revision;
    }

    /// <summary>Deletes a resource; returns the mesh revision after it.</summary>
    public async Task<long> DeleteAsync(string kind, string ns, string name)
    {
        await _writer.Configs.DeleteAsync(new Core.Config.Model.ResourceKey(kind, ns, name));
        return await _writer.Reader.GetRevisionAsync();
    }

    /// <summary>
    /// Routes every request through the catch-all gateway to <paramref name="host"/> with <paramref name="httpRules"/>,
    /// under a DestinationRule with <paramref name="trafficPolicy"/>, and waits until the ingress serves it.
    /// </summary>
    public async Task RouteAsync(string host, string httpRules, string trafficPolicy)
    {
        await ApplyAsync(IngressConfigs.Gateway());
        await ApplyAsync(IngressConfigs.VirtualService(host, httpRules));
        await WaitForRevisionAsync(await ApplyAsync(IngressConfigs.DestinationRule(host, trafficPolicy)));
    }

    /// <summary>The instances the admin's config dump (<c>/debug/config</c>) marks <c>ejected</c> in <paramref name="cluster"/>.</summary>
    public async Task<List<string>> EjectedInAdminViewAsync(string cluster = "outbound|||reviews.default.svc.cluster.local")
    {
        var dump = System.Text.Json.Nodes.JsonNode.Parse(await Admin.GetStringAsync("/debug/config"))!;
        var clusterNode = dump["clusters"]!.AsArray().Single(c => (string?)c!["name"] == cluster)!;
        return [.. clusterNode["endpoints"]!.AsArray().Where(e => (bool)e!["ejected"]!).Select(e => (string)e!["instance"]!)];
    }

    public Task WaitForRevisionAsync(long revision) => State.WaitForRevisionAsync(revision).WaitAsync(Timeout);

    public async Task<UpstreamEcho> GetEchoAsync(string path, string? host = null)
    {
        using var response = await SendAsync(HttpMethod.Get, path, host);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<UpstreamEcho>(body, JsonSerializerOptions.Web)!;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? host = null, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        configure?.Invoke(request);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _state.Dispose();
        foreach (var upstream in _upstreams)
        {
            await upstream.DisposeAsync();
        }

        await _writer.DisposeAsync();
    }
}
