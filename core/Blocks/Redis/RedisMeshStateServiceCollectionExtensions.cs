using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.PubSub;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Blocks.State;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class RedisMeshStateServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Redis building blocks over one shared <see cref="RedisMeshConnection"/>. Nothing connects until
    /// first use, and a process starts while Redis is down. A proxy resolves only <see cref="IMeshStateReader"/> and
    /// <see cref="IPubSub"/>, which need only read commands and SUBSCRIBE.
    /// </summary>
    public static IServiceCollection AddRedisMeshState(this IServiceCollection services, RedisMeshStateOptions options)
    {
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton<RedisMeshConnection>();
        services.TryAddSingleton<IPubSub, RedisPubSub>();
        services.TryAddSingleton<IConfigStore, RedisConfigStore>();
        services.TryAddSingleton<IServiceRegistry, RedisServiceRegistry>();
        services.TryAddSingleton<IMeshStateReader, RedisMeshStateReader>();
        services.TryAddSingleton<GatewayMesh.Core.Blocks.Quota.IQuotaCounters, RedisQuotaCounters>();
        return services;
    }
}
