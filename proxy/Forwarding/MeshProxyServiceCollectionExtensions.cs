using GatewayMesh.Core.Blocks.PubSub;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

public static class MeshProxyServiceCollectionExtensions
{
    /// <summary>
    /// Registers the proxy engine for <paramref name="identity"/>: a <see cref="SnapshotWatcher"/> over the registered
    /// <see cref="IMeshStateReader"/> and <see cref="IPubSub"/> (register those first, e.g. with AddRedisMeshState),
    /// the <see cref="ProxyState"/> that compiles each snapshot, YARP's forwarder, one shared upstream client, and mesh mTLS
    /// (<c>AddMeshTransport</c>: register an <c>IWorkloadCertificateSource</c> and <c>MeshTransportOptions</c> to use it).
    /// A hosted service starts the watcher. Register <see cref="MeshForwardingOptions"/> or
    /// <see cref="SnapshotWatcherOptions"/> before this call to change them.
    /// </summary>
    public static IServiceCollection AddMeshProxy(this IServiceCollection services, ProxyIdentity identity)
    {
        services.AddLogging();
        services.AddHttpForwarder();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(identity);
        services.TryAddSingleton(new MeshForwardingOptions { RouteOnGatewayPort = identity.Role == ProxyRole.Ingress });
        services.TryAddSingleton(new SnapshotWatcherOptions());
        services.TryAddSingleton(sp => new SnapshotWatcher(
            sp.GetRequiredService<IMeshStateReader>(),
            sp.GetRequiredService<IPubSub>(),
            sp.GetRequiredService<SnapshotWatcherOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SnapshotWatcher>>()));
        services.AddMeshTransport();
        services.AddMeshClusterResilience();
        services.TryAddSingleton(sp => new ClusterState(LoadBalancerFactory.Shared, sp.GetRequiredService<ClusterResilienceRegistry>()));
        services.TryAddSingleton(sp => new ProxyState(
            sp.GetRequiredService<ProxyIdentity>(),
            sp.GetRequiredService<SnapshotWatcher>(),
            sp.GetRequiredService<ClusterState>(),
            sp.GetRequiredService<ILogger<ProxyState>>(),
            sp.GetService<ProxySecurityOptions>()));
        services.TryAddSingleton<UpstreamClient>();
        services.TryAddSingleton<MirrorSender>();
        services.AddMeshResilience();
        services.AddMeshTelemetry(); // metrics exposition on /stats/prometheus (issue 13)
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ProxyStartup>());
        return services;
    }

    /// <summary>Ends the pipeline with the mesh forwarding path: every request reaching it is routed or answered.</summary>
    public static IApplicationBuilder UseMeshForwarding(this IApplicationBuilder app) =>
        app.UseMiddleware<MeshForwardingMiddleware>();
}
