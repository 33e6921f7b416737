using GatewayMesh.Core.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GatewayMesh.Proxy.Identity;

public static class CertificateAgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the certificate agent for <paramref name="identity"/>: one <see cref="CertificateAgent"/> that is the
    /// proxy's <see cref="IWorkloadCertificateSource"/> and a hosted service. The CA client is <see cref="CaClient"/>
    /// unless an <see cref="ICertificateAuthorityClient"/> is already registered (tests).
    /// </summary>
    public static IServiceCollection AddCertificateAgent(this IServiceCollection services, SpiffeId identity, CertificateAgentOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.TryAddSingleton<ICertificateAuthorityClient, CaClient>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CertificateAgent>(sp, identity));
        services.AddSingleton<IWorkloadCertificateSource>(sp => sp.GetRequiredService<CertificateAgent>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<CertificateAgent>());
        return services;
    }
}
