using System.Diagnostics.Metrics;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Resilience;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

public static class ResilienceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the route pipelines: <see cref="ResilienceOptions"/>, the <see cref="ResilienceMetrics"/> on the
    /// <c>GatewayMesh.Proxy</c> meter, a no-op <see cref="IUpstreamObserver"/> (register another first to plug in
    /// cluster-level components) and the <see cref="RouteResilienceBuilder"/> that <c>ProxyState</c> builds every route
    /// destination's pipeline with. <see cref="MeshProxyServiceCollectionExtensions.AddMeshProxy"/> calls this.
    /// </summary>
    public static IServiceCollection AddMeshResilience(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new ResilienceOptions());
        services.TryAddSingleton(sp => new ResilienceMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IUpstreamObserver>(NoUpstreamObserver.Instance);
        services.TryAddSingleton(sp => new RouteResilienceBuilder(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ResilienceOptions>(),
            sp.GetRequiredService<ResilienceMetrics>(),
            sp.GetRequiredService<MeshForwardingOptions>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("GatewayMesh.Proxy.Resilience")));
        return services;
    }
}
