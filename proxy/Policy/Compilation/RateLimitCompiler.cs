using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Policy;
using GatewayMesh.Core.Mixer.Expressions;
using GatewayMesh.Proxy.Policy.RateLimits;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;

namespace GatewayMesh.Proxy.Policy.Compilation;

/// <summary>The RateLimits whose selector picks this proxy's workload (as AuthorizationPolicy selectors do), compiled.</summary>
internal static class RateLimitCompiler
{
    public static CompiledRateLimits Compile(IEnumerable<RateLimit> rateLimits, ProxyIdentity proxy, PolicyOptions options)
    {
        var workload = new WorkloadScope(proxy.Namespace, proxy.Labels, options.RootNamespace);
        var entries = new List<RateLimitEntry>();
        foreach (var rateLimit in rateLimits.OrderBy(r => r.Key.ToString(), StringComparer.Ordinal))
        {
            if (workload.ScopeOf(rateLimit.Metadata.Namespace, rateLimit.Spec.Selector) == PolicyScope.None)
            {
                continue;
            }

            var name = $"{rateLimit.Metadata.Namespace}/{rateLimit.Metadata.Name}";
            var routes = rateLimit.Spec.Routes
                .Select(r => new RouteSelector(
                    new ResourceKey(ResourceKinds.VirtualService, string.IsNullOrEmpty(r.Namespace) ? rateLimit.Metadata.Namespace : r.Namespace, r.VirtualService!).ToString(),
                    r.Name))
                .ToList();
            entries.Add(new RateLimitEntry(name, routes, Local(name, rateLimit.Spec.Local), Global(name, rateLimit.Spec.Global)));
        }

        return entries.Count == 0 ? CompiledRateLimits.Empty : new CompiledRateLimits(entries);
    }

    private static LocalLimit? Local(string name, LocalRateLimit? local) => local?.TokenBucket is not { } bucket ? null : new LocalLimit(
        name,
        bucket.MaxTokens ?? 1,
        bucket.TokensPerFill ?? bucket.MaxTokens ?? 1,
        bucket.FillInterval?.Value ?? TimeSpan.FromSeconds(1),
        local.StatusCode ?? 429,
        local.RateLimitedHeader ?? false,
        [.. local.ResponseHeaders]);

    private static GlobalLimit? Global(string name, GlobalRateLimit? global)
    {
        if (global is null)
        {
            return null;
        }

        var descriptors = new List<GlobalDescriptor>();
        for (var i = 0; i < global.Descriptors.Count; i++)
        {
            var descriptor = global.Descriptors[i];
            var entries = descriptor.Entries.Select(e => (e.Key!, Cexl.Compile(e.Value!, out _))).Where(e => e.Item2 is not null).Select(e => (e.Item1, e.Item2!)).ToList();
            if (descriptor.Limit is { RequestsPerUnit: { } requests, Unit: { } unit } && entries.Count == descriptor.Entries.Count)
            {
                descriptors.Add(new GlobalDescriptor(i, entries, requests, GlobalDescriptor.UnitLength(unit)));
            }
        }

        return new GlobalLimit(string.IsNullOrEmpty(global.Domain) ? name : global.Domain, descriptors, global.RateLimitHeaders ?? true);
    }
}
