using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.DestinationRules;

/// <summary>
/// <c>loadBalancer.localityLbSetting</c>, with Istio's rules: <c>distribute</c> and <c>failover</c> exclude each other;
/// each <c>distribute</c> entry names its <c>from</c> and gives <c>to</c> weights of 1 to 100 summing to 100; locality
/// patterns have no empty part and at most one <c>*</c>, last; the <c>from</c> patterns do not overlap, nor do one
/// entry's <c>to</c> patterns; a <c>failover</c> names two different regions (no <c>/</c>, no <c>*</c>); with
/// <c>failover</c>, <c>failoverPriority</c> may not name a topology label (the failover already orders by them).
/// </summary>
internal static class LocalityLbRules
{
    private static readonly string[] TopologyLabels = [Locality.RegionLabel, Locality.ZoneLabel, Locality.SubzoneLabel];

    public static void Validate(ValidationContext context, string path, LocalityLoadBalancerSetting? setting)
    {
        if (setting is null)
        {
            return;
        }

        if (!setting.Distribute.IsEmpty && !setting.Failover.IsEmpty)
        {
            context.Add(path, "set distribute or failover, not both");
        }

        var froms = new List<(string Path, string Pattern)>();
        for (var i = 0; i < setting.Distribute.Count; i++)
        {
            var entryPath = $"{path}.distribute[{i}]";
            var entry = setting.Distribute[i];
            if (string.IsNullOrWhiteSpace(entry.From))
            {
                context.Add($"{entryPath}.from", "a locality is required (region/zone/subzone, a trailing * matches any)");
            }
            else if (Pattern(context, $"{entryPath}.from", entry.From))
            {
                froms.Add(($"{entryPath}.from", entry.From));
            }

            Weights(context, $"{entryPath}.to", entry);
        }

        NoOverlap(context, froms);
        for (var i = 0; i < setting.Failover.Count; i++)
        {
            Failover(context, $"{path}.failover[{i}]", setting.Failover[i]);
        }

        for (var i = 0; i < setting.FailoverPriority.Count; i++)
        {
            var label = setting.FailoverPriority[i];
            var name = label.Split('=', 2)[0];
            if (string.IsNullOrWhiteSpace(name))
            {
                context.Add($"{path}.failoverPriority[{i}]", $"a label name is required (label or label=value), got \"{label}\"");
            }
            else if (!setting.Failover.IsEmpty && TopologyLabels.Contains(name))
            {
                context.Add($"{path}.failoverPriority[{i}]", $"topology label \"{name}\" cannot be combined with failover, which already orders by region");
            }
        }
    }

    private static void Weights(ValidationContext context, string path, LocalityDistribute entry)
    {
        if (entry.To.Count == 0)
        {
            context.Add(path, "at least one locality with a weight is required");
            return;
        }

        var total = 0L;
        var patterns = new List<(string Path, string Pattern)>();
        foreach (var (locality, weight) in entry.To)
        {
            if (weight is < 1 or > 100)
            {
                context.Add($"{path}[{locality}]", $"weight must be from 1 to 100, got {weight}");
            }

            total += weight;
            if (Pattern(context, $"{path}[{locality}]", locality))
            {
                patterns.Add(($"{path}[{locality}]", locality));
            }
        }

        if (total != 100 && !context.IsIncomplete(path))
        {
            context.Add(path, $"weights must sum to 100, got {total}");
        }

        NoOverlap(context, patterns);
    }

    private static void Failover(ValidationContext context, string path, LocalityFailover failover)
    {
        foreach (var (field, region) in new[] { ("from", failover.From), ("to", failover.To) })
        {
            if (string.IsNullOrWhiteSpace(region))
            {
                context.Add($"{path}.{field}", "a region is required");
            }
            else if (region.Contains('/', StringComparison.Ordinal) || region.Contains('*', StringComparison.Ordinal))
            {
                context.Add($"{path}.{field}", $"failover names a region only (no '/' or '*'), got \"{region}\"");
            }
        }

        if (!string.IsNullOrWhiteSpace(failover.From) && failover.From == failover.To)
        {
            context.Add(path, $"from and to must be different regions, both are \"{failover.From}\"");
        }
    }

    /// <summary>A locality pattern: no empty part, at most one <c>*</c> and only as the last part. False (with the error added) when bad.</summary>
    private static bool Pattern(ValidationContext context, string path, string pattern)
    {
        var parts = pattern.Split('/');
        if (parts.Length > 3 || parts.Any(p => p.Length == 0))
        {
            context.Add(path, $"a locality is region, region/zone or region/zone/subzone with no empty part, got \"{pattern}\"");
            return false;
        }

        if (pattern.Count(c => c == '*') > 1 || (pattern.Contains('*', StringComparison.Ordinal) && parts[^1] != "*"))
        {
            context.Add(path, $"'*' may appear once, as the whole last part, got \"{pattern}\"");
            return false;
        }

        return true;
    }

    /// <summary>Two patterns overlap when one's fixed parts are a prefix of the other's (<c>us-west/*</c> and <c>us-west/zone-1</c>).</summary>
    private static void NoOverlap(ValidationContext context, List<(string Path, string Pattern)> patterns)
    {
        for (var i = 1; i < patterns.Count; i++)
        {
            var later = Fixed(patterns[i].Pattern);
            var earlier = patterns.Take(i).FirstOrDefault(p => Overlaps(Fixed(p.Pattern), later));
            if (earlier.Path is not null)
            {
                context.Add(patterns[i].Path, $"locality \"{patterns[i].Pattern}\" overlaps \"{earlier.Pattern}\" ({earlier.Path})");
            }
        }
    }

    private static string[] Fixed(string pattern) => pattern.Split('/').Where(p => p != "*").ToArray();

    private static bool Overlaps(string[] a, string[] b) =>
        a.Length <= b.Length ? b.Take(a.Length).SequenceEqual(a) : a.Take(b.Length).SequenceEqual(b);
}
