using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.DestinationRules;

/// <summary>Load balancing: simple or consistentHash; a hash takes exactly one key; ring hash or maglev, not both; locality (<see cref="LocalityLbRules"/>).</summary>
internal static class LoadBalancerRules
{
    public static void Validate(ValidationContext context, string path, LoadBalancerSettings? settings)
    {
        if (settings is null)
        {
            return;
        }

        if (settings.Simple is not null && settings.ConsistentHash is not null)
        {
            context.Add(path, "set simple or consistentHash, not both");
        }

        if (settings.ConsistentHash is { } hash)
        {
            ConsistentHash(context, $"{path}.consistentHash", hash);
        }

        LocalityLbRules.Validate(context, $"{path}.localityLbSetting", settings.LocalityLbSetting);
        DurationRules.AtLeastOneMillisecond(context, $"{path}.warmupDurationSecs", settings.WarmupDurationSecs);
        DurationRules.AtLeastOneMillisecond(context, $"{path}.warmup.duration", settings.Warmup?.Duration);
        NumberRules.Percentage(context, $"{path}.warmup.minimumPercent", settings.Warmup?.MinimumPercent);
    }

    private static void ConsistentHash(ValidationContext context, string path, ConsistentHashLB hash)
    {
        var keys = new[] { hash.HttpHeaderName is not null, hash.HttpCookie is not null, hash.UseSourceIp == true, hash.HttpQueryParameterName is not null };
        if (keys.Count(set => set) != 1)
        {
            context.Add(path, "set exactly one of httpHeaderName, httpCookie, useSourceIp or httpQueryParameterName");
        }

        if (hash.HttpHeaderName is { } header)
        {
            HeaderRules.Name(context, $"{path}.httpHeaderName", header);
        }

        if (hash.HttpCookie is { } cookie)
        {
            if (string.IsNullOrEmpty(cookie.Name))
            {
                context.Add($"{path}.httpCookie.name", "cookie name is required");
            }

            NumberRules.AtLeast(context, $"{path}.httpCookie.ttl", cookie.Ttl?.Value.Ticks, 0);
        }

        if (hash.RingHash is not null && hash.Maglev is not null)
        {
            context.Add(path, "set ringHash or maglev, not both");
        }
    }
}
