using GatewayMesh.Core.Config.Model.Policy;
using GatewayMesh.Proxy.Security.Authorization;

namespace GatewayMesh.Proxy.Policy.ExtAuthz;

/// <summary>An AuthorizationPolicy with <c>action: CUSTOM</c> (its rules compiled as authorization compiles them) and the provider it names.</summary>
public sealed class CustomPolicy(CompiledPolicy rules, string providerName, EnvoyExtAuthzHttpProvider provider)
{
    public CompiledPolicy Rules { get; } = rules;

    public string ProviderName { get; } = providerName;

    public EnvoyExtAuthzHttpProvider Provider { get; } = provider;

    /// <summary>The authorizer's host without a <c>namespace/</c> prefix (Istio allows <c>ns/host</c>).</summary>
    public string Host { get; } = provider.Service!.Contains('/', StringComparison.Ordinal) ? provider.Service[(provider.Service.IndexOf('/', StringComparison.Ordinal) + 1)..] : provider.Service;
}
