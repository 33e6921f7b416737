using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>
/// Compiles the AuthorizationPolicies that apply to one workload into an <see cref="AuthorizationEngine"/>, a pure
/// function run once per snapshot. Selection: a policy in the root namespace without a selector applies to every
/// workload; one in the workload's namespace without a selector to every workload there; a selector (in the workload's
/// namespace, or in the root namespace, which selects in every namespace) to workloads whose labels it matches;
/// <c>targetRef(s)</c> as <see cref="PolicyTargetSelection"/> says. CUSTOM policies whose provider the mesh config
/// defines (<c>envoyExtAuthzHttp</c>) are left out: the policy step calls the external authorizer for them. A CUSTOM
/// policy naming any other provider is enforced as DENY of the requests its rules match (Istio's behaviour for a
/// CUSTOM policy whose provider it cannot use: fail closed for what the policy covers) and reported in the warnings.
/// </summary>
public static class AuthorizationCompiler
{
    /// <param name="externalProviders">Extension providers the mesh config defines: CUSTOM policies naming one are left to
    /// the policy step, which calls the external authorizer (proxy/Policy/ExtAuthz).</param>
    public static AuthorizationEngine Compile(IEnumerable<AuthorizationPolicy> policies, WorkloadScope workload, IReadOnlySet<string>? externalProviders = null)
    {
        List<CompiledPolicy> deny = [], allow = [], audit = [];
        List<string> warnings = [];
        foreach (var policy in policies.OrderBy(p => p.Metadata.Namespace, StringComparer.Ordinal).ThenBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            if (!Applies(policy, workload, warnings) ||
                (policy.Spec.Action == AuthorizationAction.Custom && policy.Spec.Provider?.Name is { } provider && externalProviders?.Contains(provider) == true))
            {
                continue;
            }

            var name = $"{policy.Metadata.Namespace}/{policy.Metadata.Name}";
            var configured = policy.Spec.Action ?? AuthorizationAction.Allow;
            var enforced = configured == AuthorizationAction.Custom ? AuthorizationAction.Deny : configured;
            if (configured == AuthorizationAction.Custom)
            {
                warnings.Add($"{name}: action CUSTOM (provider \"{policy.Spec.Provider?.Name}\") has no extension provider here; the requests its rules match are denied");
            }

            var compiled = new CompiledPolicy(name, enforced, configured, [.. policy.Spec.Rules.Select(r => new CompiledRule(r))]);
            (enforced switch
            {
                AuthorizationAction.Deny => deny,
                AuthorizationAction.Audit => audit,
                _ => allow,
            }).Add(compiled);
        }

        return deny.Count + allow.Count + audit.Count + warnings.Count == 0
            ? AuthorizationEngine.Empty
            : new AuthorizationEngine(deny, allow, audit, warnings);
    }

    internal static bool Applies(AuthorizationPolicy policy, WorkloadScope workload, List<string> warnings)
    {
        var ns = policy.Metadata.Namespace;
        var references = PolicyTargetSelection.References(policy.Spec);
        if (references.Count == 0)
        {
            return workload.ScopeOf(ns, policy.Spec.Selector) != PolicyScope.None;
        }

        if (PolicyTargetSelection.Selects(references, ns, workload))
        {
            return true;
        }

        var nearby = ns == workload.Namespace || ns == workload.RootNamespace;
        if (nearby && references.Any(r => !PolicyTargetSelection.IsGateway(r)))
        {
            warnings.Add($"{ns}/{policy.Metadata.Name}: targetRef kinds other than Gateway select no workload in this mesh; the policy is not applied");
        }

        return false;
    }
}
