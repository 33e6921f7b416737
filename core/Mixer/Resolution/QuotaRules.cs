using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model.Mixer;

namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>memquota and redisquota params: named quotas with a positive amount and window, and their overrides.</summary>
internal static class QuotaRules
{
    public static void MemQuota(MemQuotaParams mem, string path, MixerErrorSink sink)
    {
        Names(mem.Quotas.Select(q => q.Name), $"{path}.quotas", sink);
        for (var i = 0; i < mem.Quotas.Count; i++)
        {
            var quota = mem.Quotas[i];
            var at = $"{path}.quotas[{i}]";
            Amount(quota.MaxAmount, $"{at}.maxAmount", sink, required: true);
            Window(quota.ValidDuration, $"{at}.validDuration", sink, required: true);
            for (var j = 0; j < quota.Overrides.Count; j++)
            {
                var over = quota.Overrides[j];
                Dimensions(over.Dimensions, $"{at}.overrides[{j}].dimensions", sink);
                Amount(over.MaxAmount, $"{at}.overrides[{j}].maxAmount", sink, required: true, zeroAllowed: true);
                Window(over.ValidDuration, $"{at}.overrides[{j}].validDuration", sink, required: false);
            }
        }
    }

    public static void RedisQuota(RedisQuotaParams redis, string path, MixerErrorSink sink)
    {
        Names(redis.Quotas.Select(q => q.Name), $"{path}.quotas", sink);
        if (redis.ConnectionPoolSize is < 0)
        {
            sink.Add($"{path}.connectionPoolSize", $"must be >= 0, got {redis.ConnectionPoolSize}");
        }

        for (var i = 0; i < redis.Quotas.Count; i++)
        {
            var quota = redis.Quotas[i];
            var at = $"{path}.quotas[{i}]";
            Amount(quota.MaxAmount, $"{at}.maxAmount", sink, required: true);
            Window(quota.ValidDuration, $"{at}.validDuration", sink, required: true);
            if (quota.RateLimitAlgorithm == RateLimitAlgorithm.RollingWindow)
            {
                if (quota.BucketDuration is not { } bucket || bucket.Value <= TimeSpan.Zero)
                {
                    sink.Add($"{at}.bucketDuration", "bucketDuration must be > 0 for ROLLING_WINDOW");
                }
                else if (quota.ValidDuration is { } window && bucket.Value >= window.Value)
                {
                    sink.Add($"{at}.bucketDuration", $"bucketDuration ({bucket}) must be shorter than validDuration ({window})");
                }
                else if (quota.ValidDuration is { } w && w.Value.Ticks / bucket.Value.Ticks > 10_000)
                {
                    sink.Add($"{at}.bucketDuration", $"validDuration / bucketDuration is {w.Value.Ticks / bucket.Value.Ticks}; at most 10000 buckets per window");
                }
            }

            for (var j = 0; j < quota.Overrides.Count; j++)
            {
                var over = quota.Overrides[j];
                Dimensions(over.Dimensions, $"{at}.overrides[{j}].dimensions", sink);
                Amount(over.MaxAmount, $"{at}.overrides[{j}].maxAmount", sink, required: true, zeroAllowed: true);
            }
        }
    }

    private static void Names(IEnumerable<string?> names, string path, MixerErrorSink sink)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                sink.Add($"{path}[{i}].name", "required field is missing (the quota instance's name, e.g. requestcountquota.instance.istio-system)");
            }
            else if (!seen.Add(name))
            {
                sink.Add($"{path}[{i}].name", $"quota \"{name}\" is given twice");
            }

            i++;
        }
    }

    private static void Amount(long? amount, string path, MixerErrorSink sink, bool required, bool zeroAllowed = false)
    {
        if (amount is null)
        {
            if (required)
            {
                sink.Add(path, "required field is missing");
            }
        }
        else if (amount < 0 || (amount == 0 && !zeroAllowed))
        {
            sink.Add(path, $"must be {(zeroAllowed ? ">= 0" : "> 0")}, got {amount}");
        }
    }

    private static void Window(Config.Model.MeshDuration? window, string path, MixerErrorSink sink, bool required)
    {
        if (window is null)
        {
            if (required)
            {
                sink.Add(path, "required field is missing (the quota's window, e.g. 1s; quotas without a window are not supported)");
            }
        }
        else if (window.Value.Value <= TimeSpan.Zero)
        {
            sink.Add(path, $"must be > 0, got {window}");
        }
    }

    private static void Dimensions(ValueMap<string, string> dimensions, string path, MixerErrorSink sink)
    {
        if (dimensions.IsEmpty)
        {
            sink.Add(path, "an override needs at least one dimension");
        }
    }
}
