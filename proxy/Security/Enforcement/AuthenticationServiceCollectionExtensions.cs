using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Security;
using GatewayMesh.Proxy.Security.Authentication;
using GatewayMesh.Proxy.Security.Enforcement;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class AuthenticationServiceCollectionExtensions
{
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
}
