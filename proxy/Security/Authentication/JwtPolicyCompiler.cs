using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity.Jwks;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Authorization;

namespace GatewayMesh.Proxy.Security.Authentication;

/// <summary>
/// Compiles the RequestAuthentications that reach a workload (mesh-wide in the root namespace, its namespace, its
/// selector, or a targetRef to its gateway; all of them together, as Istio unions them) into JWT providers. Keys come
/// from the rule's inline <c>jwks</c>, or from the <see cref="RemoteJwks"/> the registry stored for its
/// <c>jwksUri</c>; a rule whose keys are not there yet gets no keys, so its tokens are refused (fail closed). Pure.
/// </summary>
public static class JwtPolicyCompiler
{
    public static JwtPolicy Compile(MeshSnapshot snapshot, ProxyIdentity proxy, string rootNamespace)
    {
        var workload = new WorkloadScope(proxy.Namespace, proxy.Labels, rootNamespace);
        var policies = snapshot.Configs.Values.OfType<RequestAuthentication>()
            .Where(r => Applies(r, workload))
            .OrderBy(r => r, PolicyOrder.Oldest)
            .ToList();
        if (policies.Count == 0)
        {
            return JwtPolicy.None;
        }

        var fetched = snapshot.Configs.Values.OfType<RemoteJwks>()
            .Where(j => j.Spec.JwksUri is not null)
            .GroupBy(j => j.Spec.JwksUri!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Spec, StringComparer.Ordinal);
        var providers = new List<JwtProvider>();
        foreach (var policy in policies)
        {
            for (var i = 0; i < policy.Spec.JwtRules.Count; i++)
            {
                providers.Add(Provider($"{policy.Metadata.Namespace}/{policy.Metadata.Name} jwtRules[{i}]", policy.Spec.JwtRules[i], fetched));
            }
        }

        return new JwtPolicy(providers);
    }

    private static bool Applies(RequestAuthentication policy, WorkloadScope workload)
    {
        var spec = policy.Spec;
        if (spec.TargetRef is not null || !spec.TargetRefs.IsEmpty)
        {
            IReadOnlyList<PolicyTargetReference> references = spec.TargetRef is { } single ? [single] : spec.TargetRefs.Items;
            return PolicyTargetSelection.Selects(references, policy.Metadata.Namespace, workload);
        }

        return workload.ScopeOf(policy.Metadata.Namespace, spec.Selector) != PolicyScope.None;
    }

    private static JwtProvider Provider(string source, JwtRule rule, IReadOnlyDictionary<string, RemoteJwksSpec> fetched)
    {
        JsonWebKeySet? keys = null;
        string? error = null;
        if (!string.IsNullOrEmpty(rule.Jwks))
        {
            keys = JsonWebKeySet.TryParse(rule.Jwks, out var inline, out var inlineError) ? inline : null;
            error = keys is null ? inlineError : null;
        }
        else if (rule.JwksUri is { Length: > 0 } uri)
        {
            if (fetched.TryGetValue(uri, out var remote) && remote.Jwks is { } json && JsonWebKeySet.TryParse(json, out var set, out var remoteError))
            {
                keys = set;
            }
            else
            {
                error = fetched.TryGetValue(uri, out var failed) ? failed.LastError ?? "no keys fetched yet" : "not fetched yet";
            }
        }
        else
        {
            error = "no jwks or jwksUri";
        }

        return new JwtProvider(
            source,
            string.IsNullOrEmpty(rule.Issuer) ? null : rule.Issuer,
            rule.Audiences.Items,
            keys,
            error,
            rule.FromHeaders.Items,
            rule.FromParams.Items,
            rule.FromCookies.Items,
            rule.OutputPayloadToHeader,
            rule.ForwardOriginalToken ?? false,
            rule.OutputClaimToHeaders.Items);
    }
}
