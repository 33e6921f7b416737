using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Policy;
using GatewayMesh.Proxy.Policy.ExtAuthz;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;
using GatewayMesh.Proxy.Security.Authorization;
using AuthorizationRules = GatewayMesh.Proxy.Security.Authorization.CompiledPolicy;

namespace GatewayMesh.Proxy.Policy.Compilation;

/// <summary>
/// The CUSTOM AuthorizationPolicies that apply to this proxy (selected as authorization selects policies) and whose
/// provider the mesh config defines with <c>envoyExtAuthzHttp</c>. Authorization leaves exactly these out; a CUSTOM
/// policy naming an unknown provider stays with authorization, which denies what it matches.
/// </summary>
internal static class ExtAuthzCompiler
{
    public static CompiledExtAuthz Compile(IEnumerable<AuthorizationPolicy> policies, MeshConfig? mesh, ProxyIdentity proxy, PolicyOptions options)
    {
        var providers = ExtAuthzProviders.Of(mesh);
        if (providers.Count == 0)
        {
            return CompiledExtAuthz.Empty;
        }

        var workload = new WorkloadScope(proxy.Namespace, proxy.Labels, options.RootNamespace);
        var custom = new List<CustomPolicy>();
        foreach (var policy in policies.OrderBy(p => p.Metadata.Namespace, StringComparer.Ordinal).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            if (policy.Spec.Action != AuthorizationAction.Custom || policy.Spec.Provider?.Name is not { } name ||
                !providers.TryGetValue(name, out var provider) || !AuthorizationCompiler.Applies(policy, workload, []))
            {
                continue;
            }

            var rules = new AuthorizationRules($"{policy.Metadata.Namespace}/{policy.Metadata.Name}", AuthorizationAction.Custom, AuthorizationAction.Custom,
                [.. policy.Spec.Rules.Select(r => new CompiledRule(r))]);
            custom.Add(new CustomPolicy(rules, name, provider));
        }

        return custom.Count == 0 ? CompiledExtAuthz.Empty : new CompiledExtAuthz(custom);
    }
}
