using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Core.Mixer.Expressions;

namespace GatewayMesh.Proxy.Policy.Checks;

/// <summary>
/// Every check rule that can apply at one proxy, in rule-name order, with what their answers are keyed by. A call is
/// refused by the first action of the first matching rule that denies it (Mixer combined check results the same way).
/// </summary>
public sealed class CompiledChecks
{
    /// <summary>How long an "allowed" answer may be reused when no rule said otherwise (Mixer's default).</summary>
    public static readonly CacheValidity DefaultValidity = new(TimeSpan.FromMinutes(1), 10_000);

    private readonly AttributeReference[] _references;
    private readonly CacheValidity _validity;

    public CompiledChecks(IReadOnlyList<CheckRule> rules, CheckCache? cache)
    {
        Rules = rules;
        var references = new HashSet<AttributeReference>();
        var validity = DefaultValidity;
        foreach (var rule in rules)
        {
            if (rule.Match is { } match)
            {
                references.UnionWith(match.References);
            }

            foreach (var action in rule.Actions)
            {
                references.UnionWith(action.References);
                validity = CacheValidity.Min(validity, action.Validity);
            }
        }

        _references = [.. references.OrderBy(r => r.Attribute).ThenBy(r => r.Key, StringComparer.Ordinal)];
        _validity = validity;
        Cache = CheckKey.IsCacheable(_references) ? cache : null;
    }

    public static CompiledChecks Empty { get; } = new([], null);

    public IReadOnlyList<CheckRule> Rules { get; }

    public bool IsEmpty => Rules.Count == 0;

    /// <summary>The cache, or null when some check reads something it cannot key (then every call is evaluated).</summary>
    public CheckCache? Cache { get; }

    /// <summary>Runs the checks that apply to a call to <paramref name="destinationNamespace"/>; null means allowed.</summary>
    public CheckDenial? Check(IAttributeBag bag, string? destinationNamespace, out bool cacheHit)
    {
        cacheHit = false;
        UInt128 key = default;
        if (Cache is { } cache)
        {
            key = CheckKey.Compute(_references, bag, destinationNamespace);
            if (cache.TryGet(key, out var cached))
            {
                cacheHit = true;
                return cached;
            }
        }

        var denial = Evaluate(bag, destinationNamespace, out var validity);
        Cache?.Add(key, denial, validity);
        return denial;
    }

    private CheckDenial? Evaluate(IAttributeBag bag, string? destinationNamespace, out CacheValidity validity)
    {
        validity = _validity;
        foreach (var rule in Rules)
        {
            if (rule.Namespace is { } ns && !string.Equals(ns, destinationNamespace, StringComparison.Ordinal))
            {
                continue;
            }

            if (!rule.Matches(bag))
            {
                continue;
            }

            foreach (var action in rule.Actions)
            {
                if (action.Check(bag) is { } denial)
                {
                    validity = action.Validity;
                    return denial;
                }
            }
        }

        return null;
    }
}
