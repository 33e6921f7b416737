using GatewayMesh.Core.Hosting;
using GatewayMesh.Registry.Api;
using GatewayMesh.Registry.Auth;
using GatewayMesh.Registry.Leases;
using GatewayMesh.Registry.Lists;
using GatewayMesh.Registry.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace GatewayMesh.Registry.Hosting;

/// <summary>The registry's one DI entry point.</summary>
public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Adds the registry: options from the <c>Registry</c> section, the state components (Redis, or in-memory with
    /// <c>InMemory</c>), the API token, the request handlers and the lease sweeper. A <see cref="TimeProvider"/>
    /// registered before this call (tests use a fake one) wins over the system clock.
    /// </summary>
    public static IServiceCollection AddMeshRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RegistryOptions>().Bind(configuration.GetSection(RegistryOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegistryOptions>, SettingsValidator<RegistryOptions>>());
        services.TryAddSingleton(TimeProvider.System);

        var options = configuration.GetSection(RegistryOptions.SectionName).Get<RegistryOptions>() ?? new RegistryOptions();
        StateComponents.Add(services, options, configuration.GetSection(RegistryOptions.SectionName));

        services.TryAddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<RegistryOptions>>().Value.ResolveTokenFile();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TokenFile).FullName!);
            return new ApiToken(TokenFile.LoadOrCreate(path, logger));
        });
        services.TryAddSingleton<IConfigWriter, StoreConfigWriter>();
        services.TryAddSingleton<WriteBudget>();
        services.TryAddSingleton<ApplyHandler>();
        services.TryAddSingleton<AnalyzeHandler>();
        services.AddHostedService<LeaseSweeper>();
        services.TryAddSingleton(Api.AutoRegistration.AutoRegistrationTrust.From(configuration));
        services.TryAddSingleton<Api.AutoRegistration.GroupRegistrar>();
        services.AddHostedService<Api.AutoRegistration.AutoRegistrationCleanup>();
        services.TryAddSingleton<Jwks.JwksFetcher>();
        services.AddHostedService<Jwks.JwksRefresher>();
        services.TryAddSingleton(sp =>
        {
            var registry = sp.GetRequiredService<IOptions<RegistryOptions>>().Value;
            var client = new HttpClient(new SocketsHttpHandler { MaxAutomaticRedirections = 3, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
            return new ListFetcher(client, registry.ListMaxBytes, registry.ListFetchTimeout);
        });
        services.AddHostedService<ListProviderRefresher>();
        return services;
    }
}
