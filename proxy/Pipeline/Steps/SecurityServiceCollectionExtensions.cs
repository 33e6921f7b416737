using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Pipeline.Steps;
using GatewayMesh.Proxy.Security;
using GatewayMesh.Proxy.Security.Authentication;
using GatewayMesh.Proxy.Security.Enforcement;
using GatewayMesh.Proxy.State;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// Registers policy enforcement for a proxy: the root namespace its policies are compiled with (call before
    /// AddMeshProxy, which reads <see cref="ProxySecurityOptions"/>), the <see cref="AuthorizationStep"/> of the listeners
    /// that enforce (<paramref name="listeners"/>: by default the sidecar's inbound when the options name a target port,
    /// else the ingress) with its options and metrics, and the warning log.
    /// </summary>
    public static IServiceCollection AddMeshAuthorization(
        this IServiceCollection services, ProxySecurityOptions security, AuthorizationEnforcementOptions enforcement, ProxyListeners? listeners = null)
    {
        services.TryAddSingleton(security);
        services.TryAddSingleton(enforcement);
        services.TryAddSingleton(sp => new AuthorizationMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuthorizationWarnings>());
        services.AddProxyStep<AuthorizationStep>(
            PipelineStage.Authorize, listeners ?? (enforcement.TargetPort is null ? ProxyListeners.Ingress : ProxyListeners.SidecarInbound));
        return services;
    }

    /// <summary>
    /// Registers end-user JWT authentication (RequestAuthentication) for a proxy: the compiled providers of the
    /// workload as a config feature, and the <see cref="AuthenticationStep"/> at <see cref="PipelineStage.Authenticate"/>
    /// on <paramref name="listeners"/> (the ingress, or a sidecar's inbound). Uses the root namespace of
    /// <paramref name="security"/>.
    /// </summary>
    public static IServiceCollection AddMeshAuthentication(this IServiceCollection services, ProxySecurityOptions security, ProxyListeners listeners)
    {
        services.TryAddSingleton(security);
        services.AddConfigCompiler<JwtPolicy, JwtPolicyFeatureCompiler>();
        services.AddProxyStep<AuthenticationStep>(PipelineStage.Authenticate, listeners);
        return services;
    }

    /// <summary>
    /// Registers <see cref="IInboundMtlsPolicy"/> for a sidecar: the PeerAuthentication mode of the workload's target
    /// port <paramref name="targetPort"/> (the app's port), whatever local port the inbound listener has.
    /// </summary>
    public static IServiceCollection AddSidecarInboundMtlsPolicy(this IServiceCollection services, int targetPort)
    {
        // TryAdd: a host's own registration made earlier wins (tests pin a mode this way). Call this before AddMeshProxy,
        // whose transport TryAdds PERMISSIVE as the default (SidecarApp does).
        services.TryAddSingleton<IInboundMtlsPolicy>(sp => new SidecarInboundMtlsPolicy(sp.GetRequiredService<ProxyState>(), targetPort));
        return services;
    }
}
