using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Security;
using GatewayMesh.Proxy.Security.Enforcement;
using GatewayMesh.Proxy.Security.Mtls;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Registers policy enforcement for a proxy: the root namespace its policies are compiled with (call before
    /// AddMeshProxy, which reads <see cref="ProxySecurityOptions"/>), the authorization middleware's options and metrics,
    /// and the warning log. Add the middleware with <see cref="UseMeshAuthorization"/>.
    /// </summary>
    public static IServiceCollection AddMeshAuthorization(this IServiceCollection services, ProxySecurityOptions security, AuthorizationEnforcementOptions enforcement)
    {
        services.TryAddSingleton(security);
        services.TryAddSingleton(enforcement);
        services.TryAddSingleton(sp => new AuthorizationMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuthorizationWarnings>());
        return services;
    }

    /// <summary>
    /// Registers <see cref="IInboundMtlsPolicy"/> for a sidecar: the PeerAuthentication mode of the workload's target
    /// port <paramref name="targetPort"/> (the app's port), whatever local port the inbound listener has.
    /// </summary>
    public static IServiceCollection AddSidecarInboundMtlsPolicy(this IServiceCollection services, int targetPort)
    {
        // Replace, not TryAdd: the transport registers PERMISSIVE as its default, and the order of the two calls must not matter.
        services.Replace(ServiceDescriptor.Singleton<IInboundMtlsPolicy>(sp => new SidecarInboundMtlsPolicy(sp.GetRequiredService<ProxyState>(), targetPort)));
        return services;
    }

    /// <summary>Adds the authorization check: a denied request ends here with 403 <c>RBAC: access denied</c>.</summary>
    public static IApplicationBuilder UseMeshAuthorization(this IApplicationBuilder app) =>
        app.UseMiddleware<AuthorizationMiddleware>();
}
