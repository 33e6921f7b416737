using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Proxy.Policy.RateLimits;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Policy.Compilation;

/// <summary>
/// Policy's compiler in the proxy's config pipeline: runs <see cref="PolicyCompiler"/> with each snapshot, logs what it
/// had to leave out, and lets local rate limit buckets of removed RateLimits go.
/// </summary>
public sealed class PolicyConfigCompiler(PolicyOptions options, LocalRateLimiters localLimits, TimeProvider time, ILogger<PolicyConfigCompiler> logger)
    : IConfigCompiler<CompiledPolicy>
{
    public CompiledPolicy Compile(MeshSnapshot snapshot, ProxyIdentity proxy, CompiledPolicy? previous)
    {
        var policy = PolicyCompiler.Compile(snapshot, proxy, options, time);
        foreach (var problem in policy.Problems)
        {
            PolicyLog.ConfigProblem(logger, problem);
        }

        localLimits.Retain(policy.RateLimits.Entries.Select(e => e.Local).OfType<LocalLimit>());
        if (!ReferenceEquals(policy, CompiledPolicy.Empty) || (previous is not null && !ReferenceEquals(previous, CompiledPolicy.Empty)))
        {
            PolicyLog.Compiled(logger, snapshot.Revision, policy.Checks.Rules.Count, policy.Quotas.Bindings.Count, policy.Reports.Rules.Count,
                policy.RateLimits.Entries.Count, policy.ExtAuthz.Policies.Count);
        }

        return policy;
    }
}
