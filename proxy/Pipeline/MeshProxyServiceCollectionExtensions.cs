using System.Diagnostics.CodeAnalysis;
using GatewayMesh.Core.Blocks.PubSub;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Pipeline.Steps;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;
using GatewayMesh.Proxy.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using GatewayMesh.Proxy.Resilience.Pool;

namespace Microsoft.Extensions.DependencyInjection;

public static class MeshProxyServiceCollectionExtensions
{
    /// <summary>
    /// Registers the proxy engine for <paramref name="identity"/>: a <see cref="SnapshotWatcher"/> over the registered
    /// <see cref="IMeshStateReader"/> and <see cref="IPubSub"/> (register those first, e.g. with AddRedisMeshState),
    /// the <see cref="ProxyState"/> that compiles each snapshot, YARP's forwarder, one shared upstream client, mesh mTLS
    /// (<c>AddMeshTransport</c>: register an <c>IWorkloadCertificateSource</c> and <c>MeshTransportOptions</c> to use it),
    /// the request pipelines (<see cref="ProxyPipelines"/>) with the built-in routing steps; end a listener's
    /// application pipeline with <c>UseProxyPipeline</c>. A hosted service starts the watcher. Register <see cref="MeshForwardingOptions"/> or
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
        services.AddMeshResilience();
        services.TryAddSingleton(sp => new ProxyState(
            sp.GetRequiredService<ProxyIdentity>(),
            sp.GetRequiredService<SnapshotWatcher>(),
            sp.GetRequiredService<ClusterState>(),
            sp.GetRequiredService<ILogger<ProxyState>>(),
            sp.GetService<ProxySecurityOptions>(),
            sp.GetRequiredService<RouteResilienceBuilder>(),
            sp.GetServices<IConfigFeatureCompiler>()));
        services.TryAddSingleton<UpstreamClient>();
        services.TryAddSingleton<MirrorSender>();
        services.TryAddSingleton<ProxyPipelines>();
        AddRoutingSteps(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ProxyStartup>());
        return services;
    }

    /// <summary>
    /// The built-in steps of the listeners that route (the ingress and a sidecar's outbound): request id, match, route
    /// action, endpoint pick, mirrors and the forward. Authorization comes with <c>AddMeshAuthorization</c>; the
    /// listeners' own steps with their hosts.
    /// </summary>
    private static void AddRoutingSteps(IServiceCollection services)
    {
        if (services.Any(s => s.ServiceType == typeof(RouteMatchStep)))
        {
            return;
        }

        const ProxyListeners routing = ProxyListeners.Ingress | ProxyListeners.SidecarOutbound;
        services.AddProxyStep<RequestIdStep>(RequestIdStep.Stage, routing);
        services.AddProxyStep<RouteMatchStep>(PipelineStage.Match, routing);
        services.AddProxyStep<RouteActionStep>(PipelineStage.RouteAction, routing);
        services.AddProxyStep<EndpointPickStep>(PipelineStage.PickEndpoint, routing);
        services.AddProxyStep<MirrorStep>(MirrorStep.Stage, routing);
        services.AddProxyStep<ForwardStep>(PipelineStage.Forward, routing);
    }

    /// <summary>
    /// Registers a feature's config compiler: <see cref="ProxyState"/> runs it on every snapshot, and steps read the
    /// result with <c>request.Config.Feature&lt;T&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddConfigCompiler<T, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TCompiler>(this IServiceCollection services)
        where T : class
        where TCompiler : class, IConfigCompiler<T>
    {
        services.TryAddSingleton<TCompiler>();
        services.AddSingleton<IConfigFeatureCompiler>(sp => new ConfigFeatureCompiler<T>(sp.GetRequiredService<TCompiler>()));
        return services;
    }
}
