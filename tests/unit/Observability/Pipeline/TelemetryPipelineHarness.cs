using System.Security.Cryptography.X509Certificates;
using GatewayMesh.Core.Blocks.InMemory;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;
using GatewayMesh.Proxy.Telemetry.AccessLog;
using GatewayMesh.Proxy.Telemetry.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Endpoint = GatewayMesh.Proxy.Clusters.Endpoint;

namespace GatewayMesh.UnitTests.Observability.Pipeline;

/// <summary>
/// The telemetry steps and record step on real pipelines (the engine's <see cref="ProxyPipelines"/>, the steps
/// <c>AddMeshTelemetry</c> registers), with probe steps (<see cref="AnswerProbe"/> and the others) standing in for
/// routing and forwarding. The tests deriving from it check, each for its concern, the label values each side fills
/// and the response flag of each failure kind, as the pre-aggregated edges hold them.
/// </summary>
public abstract class TelemetryPipelineHarness : IAsyncDisposable
{
    internal static readonly ValueMap<string, string> ReviewsLabels = Labels(("app", "reviews"), ("version", "v2"));
    internal static readonly Endpoint RatingsEndpoint = new("10.0.0.7", 9080, Labels(("app", "ratings"), ("version", "v1")), "ratings-v1-abc", "bookinfo-ratings", "default");
    internal static readonly Endpoint RatingsV2Endpoint = new("10.0.0.8", 9080, Labels(("app", "ratings"), ("version", "v2")), "ratings-v2-def", "bookinfo-ratings", "default");

    private readonly InMemoryMeshState _mesh = new();
    private readonly SnapshotWatcher _watcher;
    private readonly FakeTimeProvider _time = new();

    private protected TelemetryPipelineHarness()
    {
        _watcher = new SnapshotWatcher(new InMemoryMeshStateReader(_mesh), _mesh.PubSub);
        Writer = new AccessLogWriter(AccessLog);
    }

    /// <summary>What the access log step wrote (once <see cref="Writer"/> is disposed, which flushes it).</summary>
    private protected StringWriter AccessLog { get; } = new();

    private protected AccessLogWriter Writer { get; }

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        await _watcher.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private protected (ProxyPipelines Pipelines, IstioMetricsRecorder Metrics) Build(ProxyIdentity identity, Action<IServiceCollection> configure, bool accessLog = false)
    {
        var provider = BuildProvider(identity, configure, accessLog);
        return (provider.GetRequiredService<ProxyPipelines>(), provider.GetRequiredService<IstioMetricsRecorder>());
    }

    /// <param name="first">Registrations before the mesh's own (e.g. a recorder that must run before telemetry's).</param>
    private protected ServiceProvider BuildProvider(ProxyIdentity identity, Action<IServiceCollection> configure, bool accessLog = false, Action<IServiceCollection>? first = null)
    {
        var services = new ServiceCollection();
        first?.Invoke(services);
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_time);
        services.AddSingleton(new ProxyState(identity, _watcher, new ClusterState()));
        services.AddSingleton<ProxyPipelines>();
        services.AddSingleton(new Proxy.Telemetry.Config.TelemetryDefaults { AccessLog = accessLog });
        services.AddSingleton(Writer);
        services.AddMeshTelemetry();
        configure(services);
        return services.BuildServiceProvider();
    }

    private protected static ProxyIdentity Sidecar() => ProxyIdentity.Sidecar("reviews", "default", ReviewsLabels);

    private protected static DefaultHttpContext Context(X509Certificate2? clientCertificate = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.ClientCertificate = clientCertificate;
        context.Request.Method = "GET";
        context.Request.Path = "/ratings/0";
        context.Request.Host = new HostString("ratings:9080");
        context.Response.Body = new MemoryStream();
        return context;
    }

    /// <summary>A client certificate naming <paramref name="spiffeId"/> (the handshake's verification is not under test here).</summary>
    private protected static X509Certificate2 PeerCertificate(string spiffeId)
    {
        var notBefore = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var root = TestCertificates.CreateRoot("CN=test mesh root", notBefore, notBefore.AddYears(1));
        return TestCertificates.Issue(root, "CN=peer", names => names.AddUri(new Uri(spiffeId)), ["1.3.6.1.5.5.7.3.2"], notBefore, notBefore.AddYears(1));
    }

    internal static ValueMap<string, string> Labels(params (string Key, string Value)[] pairs) =>
        new(pairs.Select(p => KeyValuePair.Create(p.Key, p.Value)));
}
