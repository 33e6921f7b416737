using GatewayMesh.Ca.Api;
using GatewayMesh.Ca.Audit;
using GatewayMesh.Ca.Auth;
using GatewayMesh.Ca.Authority;
using GatewayMesh.Ca.Limits;
using GatewayMesh.Ca.Settings;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GatewayMesh.Ca.Hosting;

/// <summary>The CA's one DI entry point.</summary>
public static class CaServiceCollectionExtensions
{
    /// <summary>
    /// Adds the CA: its checked settings, the authority (root created or loaded now, so a bad root fails the start),
    /// the authenticators in order (bootstrap token, then client certificate), rate limiter, audit log, serving
    /// certificate and the reloader. A <see cref="TimeProvider"/> registered before this call wins over the system clock.
    /// </summary>
    public static IServiceCollection AddMeshCa(this IServiceCollection services, CaSettings settings)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(settings);
        services.TryAddSingleton<AuthorityState>();
        services.TryAddSingleton(sp => new TokenReplayCache(settings.MaxTrackedTokens));
        services.TryAddSingleton(sp => new IssuanceRateLimiter(settings.RatePerMinute, settings.RateBurst, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new AuditLog(new CaDirectory(settings.Dir), sp.GetRequiredService<ILogger<AuditLog>>()));
        services.TryAddSingleton<ServingCertificate>();
        services.AddSingleton<ICallerAuthenticator>(sp => new BootstrapTokenAuthenticator(
            TokenSigningKey.LoadOrCreateVerificationKey(new CaDirectory(settings.Dir)),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICallerAuthenticator>(sp => new ClientCertificateAuthenticator(
            sp.GetRequiredService<AuthorityState>(), sp.GetRequiredService<TimeProvider>(), settings.TrustDomain));
        services.TryAddSingleton<CertificateHandler>();
        services.AddHostedService<AuthorityReloader>();
        return services;
    }
}
