using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

public static class MeshTransportServiceCollectionExtensions
{
    /// <summary>
    /// Registers mesh mTLS between proxies: <see cref="MeshTransportOptions"/> (register your own first to set the trust
    /// domain), the inbound TLS options and connection dispatcher that <c>ListenMeshInbound</c> uses, and the
    /// <see cref="UpstreamTls"/> the upstream clients use. Both sides read an <see cref="IWorkloadCertificateSource"/>
    /// when one is registered (without one, inbound TLS is refused and no mTLS is originated), and the inbound side an
    /// <see cref="IInboundMtlsPolicy"/> (PERMISSIVE when none is registered). <c>AddMeshProxy</c> calls this.
    /// </summary>
    public static IServiceCollection AddMeshTransport(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new MeshTransportOptions());
        services.TryAddSingleton<IInboundMtlsPolicy>(PermissiveMtlsPolicy.Instance);
        services.TryAddSingleton(sp => new InboundTlsOptions(
            sp.GetService<IWorkloadCertificateSource>(),
            sp.GetRequiredService<MeshTransportOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<InboundTlsOptions>>()));
        services.TryAddSingleton(sp => new InboundMtlsDispatcher(
            sp.GetRequiredService<IInboundMtlsPolicy>(),
            sp.GetRequiredService<ILogger<InboundMtlsDispatcher>>()));
        services.TryAddSingleton(sp => new UpstreamTls(
            sp.GetService<IWorkloadCertificateSource>(),
            sp.GetRequiredService<MeshTransportOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<UpstreamTls>>()));
        return services;
    }
}
