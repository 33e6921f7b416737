using System.Text.RegularExpressions;
using GatewayMesh.Core.Blocks.Quota;
using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Core.Mixer.Expressions;

namespace GatewayMesh.Proxy.Policy.Quotas;

/// <summary>
/// The quotas one proxy charges: which QuotaSpecs are bound to a destination service (<see cref="Bindings"/>), and for
/// each quota name the rule actions that count it (<see cref="ActionsByQuota"/>, by the quota instance's short name,
/// as Mixer matched a requested quota to its instances).
/// </summary>
public sealed class CompiledQuotas(IReadOnlyList<QuotaBinding> bindings, IReadOnlyDictionary<string, IReadOnlyList<QuotaAction>> actionsByQuota)
{
    public static CompiledQuotas Empty { get; } = new([], new Dictionary<string, IReadOnlyList<QuotaAction>>());

    public IReadOnlyList<QuotaBinding> Bindings { get; } = bindings;

    public IReadOnlyDictionary<string, IReadOnlyList<QuotaAction>> ActionsByQuota { get; } = actionsByQuota;

    public bool IsEmpty => Bindings.Count == 0;
}

/// <summary>A QuotaSpecBinding: the services it binds (name and namespace, or every service) and its specs' rules.</summary>
public sealed class QuotaBinding(IReadOnlyList<(string Name, string Namespace)> services, bool everyService, IReadOnlyList<QuotaSpecRule> rules)
{
    public IReadOnlyList<QuotaSpecRule> Rules { get; } = rules;

    public bool Binds(string? service, string? @namespace)
    {
        if (everyService)
        {
            return true;
        }

        foreach (var (name, ns) in services)
        {
            if (string.Equals(name, service, StringComparison.Ordinal) && string.Equals(ns, @namespace, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>One QuotaSpec rule: charges that apply when any match holds (or always, with none).</summary>
public sealed class QuotaSpecRule(IReadOnlyList<IReadOnlyList<ClauseMatch>> matches, IReadOnlyList<(string Quota, long Charge)> charges)
{
    public IReadOnlyList<(string Quota, long Charge)> Charges { get; } = charges;

    public bool Matches(IAttributeBag bag)
    {
        if (matches.Count == 0)
        {
            return true;
        }

        foreach (var clauses in matches)
        {
            var all = true;
            foreach (var clause in clauses)
            {
                if (!clause.Matches(bag))
                {
                    all = false;
                    break;
                }
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>An attribute clause of a QuotaSpec match: exact, prefix or (RE2, full-match) regex on a string attribute.</summary>
public sealed class ClauseMatch(MixerAttribute attribute, string? exact, string? prefix, Regex? regex)
{
    public bool Matches(IAttributeBag bag)
    {
        if (!bag.TryGetString(attribute, out var value))
        {
            return false;
        }

        return exact is not null ? value == exact
            : prefix is not null ? value.StartsWith(prefix, StringComparison.Ordinal)
            : regex!.IsMatch(value);
    }
}

/// <summary>
/// A rule action that counts a quota: the rule's scope and match, the quota instance's dimensions, and the handler's
/// limit for it. <see cref="CounterPrefix"/> names its counters (handler and instance); the dimension values follow.
/// </summary>
public sealed class QuotaAction(
    string quotaName,
    string? @namespace,
    CexlExpression? match,
    IReadOnlyList<(string Name, CexlExpression Value)> dimensions,
    QuotaLimit limit,
    string counterPrefix)
{
    public string QuotaName { get; } = quotaName;

    public string? Namespace { get; } = @namespace;

    public CexlExpression? Match { get; } = match;

    public IReadOnlyList<(string Name, CexlExpression Value)> Dimensions { get; } = dimensions;

    public QuotaLimit Limit { get; } = limit;

    public string CounterPrefix { get; } = counterPrefix;

    /// <summary>Counter names already made, by the hash of their dimension values (bounded; a new config starts empty).</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<UInt128, string> CounterKeys { get; } = new();
}

/// <summary>A handler's limit for one quota: its default amount and window, and overrides by dimension values (first match wins).</summary>
public sealed class QuotaLimit(
    bool shared,
    QuotaAlgorithm algorithm,
    long maxAmount,
    TimeSpan window,
    TimeSpan bucket,
    IReadOnlyList<QuotaOverride> overrides)
{
    /// <summary>True for redisquota (counted in Redis, shared by every proxy); false for memquota (this proxy's memory).</summary>
    public bool Shared { get; } = shared;

    public QuotaAlgorithm Algorithm { get; } = algorithm;

    public TimeSpan Bucket { get; } = bucket;

    /// <summary>The amount and window for these dimension values.</summary>
    public (long MaxAmount, TimeSpan Window) For(ReadOnlySpan<KeyValuePair<string, string>> dimensions)
    {
        foreach (var candidate in overrides)
        {
            if (candidate.Fits(dimensions))
            {
                return (candidate.MaxAmount, candidate.Window ?? window);
            }
        }

        return (maxAmount, window);
    }
}

public sealed class QuotaOverride(IReadOnlyList<KeyValuePair<string, string>> dimensions, long maxAmount, TimeSpan? window)
{
    public long MaxAmount { get; } = maxAmount;

    public TimeSpan? Window { get; } = window;

    public bool Fits(ReadOnlySpan<KeyValuePair<string, string>> values)
    {
        foreach (var (name, expected) in dimensions)
        {
            var found = false;
            foreach (var (key, value) in values)
            {
                if (key == name)
                {
                    found = value == expected;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
