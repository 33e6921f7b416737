using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.PubSub;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Blocks.InMemory;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class InMemoryMeshStateServiceCollectionExtensions
{
    /// <summary>
    /// Registers the in-memory building blocks, all over one <see cref="InMemoryMeshState"/>. For tests and local
    /// experiments only: nothing is shared between processes and nothing survives a restart.
    /// </summary>
    public static IServiceCollection AddInMemoryMeshState(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InMemoryMeshState>();
        services.TryAddSingleton<IPubSub>(provider => provider.GetRequiredService<InMemoryMeshState>().PubSub);
        services.TryAddSingleton<IConfigStore, InMemoryConfigStore>();
        services.TryAddSingleton<IServiceRegistry, InMemoryServiceRegistry>();
        services.TryAddSingleton<IMeshStateReader, InMemoryMeshStateReader>();
        services.TryAddSingleton<GatewayMesh.Core.Blocks.Quota.IQuotaCounters, InMemoryQuotaCounters>();
        return services;
    }
}
