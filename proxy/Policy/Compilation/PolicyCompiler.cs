using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Config.Model.Policy;
using GatewayMesh.Core.Mixer.Resolution;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Policy.Compilation;

/// <summary>
/// Compiles a snapshot's policy for one proxy, off the request path: Mixer's rules resolved as Mixer did and split into
/// checks, quotas and telemetry, each expression compiled with what the proxy fixes; the RateLimits that select it;
/// the mesh config's settings. Pure but for the check cache it creates (owned by the result). A broken reference
/// (possible only in a race with the registry's checks) leaves its action out and is reported in
/// <see cref="CompiledPolicy.Problems"/>.
/// </summary>
public static class PolicyCompiler
{
    public static CompiledPolicy Compile(MeshSnapshot snapshot, ProxyIdentity proxy, PolicyOptions options, TimeProvider time)
    {
        var mixer = new List<ConfigResource>();
        var rateLimits = new List<RateLimit>();
        var lists = new Dictionary<ResourceKey, FetchedList>();
        var authorization = new List<AuthorizationPolicy>();
        MeshConfig? meshConfig = null;
        foreach (var resource in snapshot.Configs.Values)
        {
            switch (resource)
            {
                case IMixerResource:
                    mixer.Add(resource);
                    break;
                case RateLimit rateLimit:
                    rateLimits.Add(rateLimit);
                    break;
                case FetchedList list:
                    lists[list.Key] = list;
                    break;
                case AuthorizationPolicy { Spec.Action: AuthorizationAction.Custom } custom:
                    authorization.Add(custom);
                    break;
                case MeshConfig config when config.Metadata.Namespace == options.RootNamespace && config.Metadata.Name == MeshConfig.DefaultName:
                    meshConfig = config;
                    break;
            }
        }

        var limits = RateLimitCompiler.Compile(rateLimits, proxy, options);
        var extAuthz = ExtAuthzCompiler.Compile(authorization, meshConfig, proxy, options);
        if (mixer.Count == 0 && limits.IsEmpty && extAuthz.IsEmpty)
        {
            return CompiledPolicy.Empty;
        }

        var errors = new List<ConfigError>();
        var resolved = MixerResolver.Resolve(mixer, errors);
        var rules = new MixerRuleCompiler(proxy, options, lists, time).Compile(resolved);
        return new CompiledPolicy
        {
            Checks = rules.Checks,
            Quotas = QuotaBindingCompiler.Compile(resolved, rules.QuotaActions, proxy),
            Reports = rules.Reports,
            OutboundReports = rules.OutboundReports,
            RuleHeaderOperations = rules.RuleHeaderOperations,
            RateLimits = limits,
            ExtAuthz = extAuthz,
            QuotaFailOpen = meshConfig?.Spec.Policy?.QuotaFailOpen ?? true,
            Problems = [.. errors.Select(e => e.ToString()), .. rules.Problems],
        };
    }
}
