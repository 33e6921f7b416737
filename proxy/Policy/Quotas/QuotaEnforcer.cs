using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using GatewayMesh.Core.Mixer.Attributes;

namespace GatewayMesh.Proxy.Policy.Quotas;

/// <summary>The outcome of charging a call's quotas.</summary>
public readonly record struct QuotaVerdict(QuotaOutcome Outcome, string? Quota)
{
    public static QuotaVerdict Granted { get; } = new(QuotaOutcome.Granted, null);
}

/// <summary>
/// Charges a call's quotas: the QuotaSpecs bound to its destination service say which quotas and how much; each rule
/// action that counts such a quota (its match holding, every dimension defined) takes the amount from its counter,
/// memquota in this proxy's memory, redisquota from the shared counters. The first exhausted quota refuses the call.
/// A shared counter that cannot be reached lets the call through when the mesh fails open (the default), and is counted.
/// </summary>
public sealed class QuotaEnforcer(MemQuotaWindows memory, QuotaTokenPools shared, PolicyMetrics metrics)
{
    public ValueTask<QuotaVerdict> ChargeAsync(CompiledQuotas quotas, IAttributeBag bag, string? service, string? @namespace, bool failOpen)
    {
        var cursor = default(ChargeCursor);
        while (cursor.Next(quotas, bag, service, @namespace, out var action, out var charge))
        {
            var pending = ChargeAction(action, bag, @namespace, charge, failOpen);
            if (!pending.IsCompletedSuccessfully)
            {
                return ContinueAsync(pending, cursor, quotas, bag, service, @namespace, failOpen);
            }

            if (pending.Result.Outcome != QuotaOutcome.Granted)
            {
                return pending;
            }
        }

        return ValueTask.FromResult(QuotaVerdict.Granted);
    }

    /// <summary>After a charge that did not complete at once: finish it, then charge the rest from where the cursor stands.</summary>
    private async ValueTask<QuotaVerdict> ContinueAsync(
        ValueTask<QuotaVerdict> pending, ChargeCursor cursor, CompiledQuotas quotas, IAttributeBag bag, string? service, string? @namespace, bool failOpen)
    {
        var verdict = await pending.ConfigureAwait(false);
        while (verdict.Outcome == QuotaOutcome.Granted && cursor.Next(quotas, bag, service, @namespace, out var action, out var charge))
        {
            verdict = await ChargeAction(action, bag, @namespace, charge, failOpen).ConfigureAwait(false);
        }

        return verdict;
    }

    /// <summary>
    /// Where a call's charging stands: binding, QuotaSpec rule, quota of that rule, and action counting that quota. A
    /// value type, so the synchronous path allocates nothing and an asynchronous charge resumes from a copy.
    /// </summary>
    private struct ChargeCursor
    {
        private int _binding;
        private int _rule;
        private int _charge;
        private int _action;

        /// <summary>The next rule action to charge for a call to <paramref name="service"/>: bound, its QuotaSpec rule matching.</summary>
        public bool Next(CompiledQuotas quotas, IAttributeBag bag, string? service, string? @namespace, [NotNullWhen(true)] out QuotaAction? action, out long charge)
        {
            for (; _binding < quotas.Bindings.Count; _binding++, _rule = 0)
            {
                var binding = quotas.Bindings[_binding];
                if (!binding.Binds(service, @namespace))
                {
                    continue;
                }

                for (; _rule < binding.Rules.Count; _rule++, _charge = 0)
                {
                    var rule = binding.Rules[_rule];
                    var entering = _charge == 0 && _action == 0;
                    if (entering && !rule.Matches(bag))
                    {
                        continue;
                    }

                    for (; _charge < rule.Charges.Count; _charge++, _action = 0)
                    {
                        var (quota, amount) = rule.Charges[_charge];
                        if (quotas.ActionsByQuota.TryGetValue(quota, out var actions) && _action < actions.Count)
                        {
                            action = actions[_action++];
                            charge = amount;
                            return true;
                        }
                    }
                }
            }

            action = null;
            charge = 0;
            return false;
        }
    }

    private ValueTask<QuotaVerdict> ChargeAction(QuotaAction action, IAttributeBag bag, string? @namespace, long charge, bool failOpen)
    {
        if ((action.Namespace is { } ns && !string.Equals(ns, @namespace, StringComparison.Ordinal)) ||
            (action.Match is { } match && !(match.TryEvalBool(bag, out var holds) && holds)))
        {
            return ValueTask.FromResult(QuotaVerdict.Granted);
        }

        // Used only before the first await: a per-thread scratch array instead of one per call.
        var count = action.Dimensions.Count;
        if (_scratch is null || _scratch.Length < count)
        {
            _scratch = new KeyValuePair<string, string>[Math.Max(count, 8)];
        }

        var dimensions = _scratch.AsSpan(0, count);
        for (var i = 0; i < dimensions.Length; i++)
        {
            var (name, value) = action.Dimensions[i];
            if (!value.TryEvalString(bag, out var text))
            {
                return ValueTask.FromResult(QuotaVerdict.Granted); // the instance cannot be built: Mixer skipped the action
            }

            dimensions[i] = new(name, text);
        }

        var limit = action.Limit;
        var (maxAmount, window) = limit.For(dimensions);
        var key = CounterKey(action, dimensions);
        if (!limit.Shared)
        {
            return ValueTask.FromResult(memory.TryAcquire(key, maxAmount, window, charge)
                ? QuotaVerdict.Granted
                : new QuotaVerdict(QuotaOutcome.Exhausted, action.QuotaName));
        }

        var outcome = shared.AcquireAsync(key, limit.Algorithm, maxAmount, window, limit.Bucket, charge);
        return outcome.IsCompletedSuccessfully
            ? ValueTask.FromResult(Verdict(outcome.Result, action.QuotaName, failOpen))
            : AwaitShared(outcome, action.QuotaName, failOpen);
    }

    private async ValueTask<QuotaVerdict> AwaitShared(ValueTask<QuotaOutcome> outcome, string quota, bool failOpen) =>
        Verdict(await outcome.ConfigureAwait(false), quota, failOpen);

    private QuotaVerdict Verdict(QuotaOutcome outcome, string quota, bool failOpen)
    {
        if (outcome == QuotaOutcome.Unavailable)
        {
            metrics.QuotaUnavailable(quota, failOpen);
            return failOpen ? QuotaVerdict.Granted : new QuotaVerdict(QuotaOutcome.Unavailable, quota);
        }

        return outcome == QuotaOutcome.Granted ? QuotaVerdict.Granted : new QuotaVerdict(QuotaOutcome.Exhausted, quota);
    }

    /// <summary>
    /// The counter of one set of dimension values: the action's prefix and a hash of the values (bounded length), made
    /// once per distinct values and then reused (at most <see cref="MaxCounterKeys"/> per action).
    /// </summary>
    private static string CounterKey(QuotaAction action, ReadOnlySpan<KeyValuePair<string, string>> dimensions)
    {
        var hash = DimensionsHash(dimensions);
        if (action.CounterKeys.TryGetValue(hash, out var key))
        {
            return key;
        }

        if (action.CounterKeys.Count >= MaxCounterKeys)
        {
            action.CounterKeys.Clear();
        }

        key = $"{action.CounterPrefix}:{hash:x32}";
        action.CounterKeys.TryAdd(hash, key);
        return key;
    }

    private const int MaxCounterKeys = 10_000;

    [ThreadStatic]
    private static XxHash128? _hasher;

    [ThreadStatic]
    private static KeyValuePair<string, string>[]? _scratch;

    private static UInt128 DimensionsHash(ReadOnlySpan<KeyValuePair<string, string>> dimensions)
    {
        var hasher = _hasher ??= new XxHash128();
        hasher.Reset();
        foreach (var (name, value) in dimensions)
        {
            hasher.Append(MemoryMarshal.AsBytes(name.AsSpan()));
            hasher.Append([0]);
            hasher.Append(MemoryMarshal.AsBytes(value.AsSpan()));
            hasher.Append([0]);
        }

        return hasher.GetCurrentHashAsUInt128();
    }
}
