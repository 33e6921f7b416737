using System.Diagnostics.Metrics;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Resilience.Outlier;
using GatewayMesh.Proxy.Resilience.Pool;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

public static class ClusterResilienceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the per-cluster protections <see cref="ClusterResilienceRegistry"/> builds for each cluster table:
    /// outlier detection, connection-pool and retry limits (counted on the "GatewayMesh.Proxy" meter) and per-cluster
    /// upstream clients (with mesh mTLS when <c>AddMeshTransport</c> registered an <see cref="UpstreamTls"/>). Plugs them into the route pipelines as the <see cref="IUpstreamObserver"/> (the admin
    /// endpoints read ejections from the <see cref="OutlierDetector"/>). <c>AddMeshProxy</c> calls this before <c>AddMeshResilience</c>.
    /// </summary>
    public static IServiceCollection AddMeshClusterResilience(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ClusterResilienceMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton(sp => new OutlierDetector(
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OutlierDetector>>(),
            sp.GetRequiredService<ClusterResilienceMetrics>()));
        services.TryAddSingleton(sp => new UpstreamClientCache(
            sp.GetRequiredService<MeshForwardingOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<UpstreamClientCache>>(),
            sp.GetService<UpstreamTls>()));
        services.TryAddSingleton(sp => new ClusterResilienceRegistry(
            sp.GetRequiredService<OutlierDetector>(),
            sp.GetRequiredService<UpstreamClientCache>(),
            sp.GetRequiredService<ClusterResilienceMetrics>(),
            sp.GetRequiredService<ILogger<ClusterResilienceRegistry>>()));
        services.TryAddSingleton<IUpstreamObserver>(sp => new ClusterUpstreamObserver(sp.GetRequiredService<ClusterResilienceRegistry>()));
        return services;
    }
}
