using System.Diagnostics.Metrics;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Resilience;
using GatewayMesh.Proxy.Resilience.Outlier;
using GatewayMesh.Proxy.Resilience.Pool;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

public static class ClusterResilienceServiceCollectionExtensions
{
    /// <summary>
    /// Registers the per-cluster protections <see cref="ClusterResilienceRegistry"/> builds for each cluster table:
    /// outlier detection, connection-pool and retry limits (counted on the "GatewayMesh.Proxy" meter) and per-cluster
    /// upstream clients. <c>AddMeshProxy</c> calls this; the <see cref="OutlierDetector"/> singleton is the admin's view.
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
            sp.GetRequiredService<ILogger<UpstreamClientCache>>()));
        services.TryAddSingleton(sp => new ClusterResilienceRegistry(
            sp.GetRequiredService<OutlierDetector>(),
            sp.GetRequiredService<UpstreamClientCache>(),
            sp.GetRequiredService<ClusterResilienceMetrics>(),
            sp.GetRequiredService<ILogger<ClusterResilienceRegistry>>()));
        return services;
    }
}
