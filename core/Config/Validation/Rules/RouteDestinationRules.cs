using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.Rules;

/// <summary>Route destinations: a host, an optional subset and port, and weights that add up.</summary>
internal static class RouteDestinationRules
{
    /// <summary>A destination at <paramref name="path"/> (e.g. <c>spec.http[0].route[1].destination</c>).</summary>
    public static void Validate(ValidationContext context, string path, Destination? destination)
    {
        if (destination is null)
        {
            context.Add(path, "destination is required");
            return;
        }

        if (string.IsNullOrEmpty(destination.Host))
        {
            context.Add($"{path}.host", "destination host is required");
        }
        else if (HostRules.HostError(destination.Host, allowStar: false) is { } hostError)
        {
            context.Add($"{path}.host", hostError);
        }

        if (destination.Subset is { } subset && !NameRules.IsDns1123Label(subset))
        {
            context.Add($"{path}.subset", $"invalid subset name \"{subset}\": expected a DNS-1123 label");
        }

        NumberRules.Port(context, $"{path}.port.number", destination.Port?.Number);
    }

    /// <summary>Above this sum the share of each destination cannot be computed exactly (Envoy's total weight is 32 bits).</summary>
    public const long MaxTotalWeight = int.MaxValue;

    /// <summary>
    /// Weights are relative, as in Istio since 1.15: a destination gets <c>weight / sum(weights)</c> of the traffic.
    /// Each weight must be &gt;= 0; with more than one destination the sum must be &gt; 0 (an unset weight counts as 0),
    /// and any sum is fine (2 and 1 is a 2:1 split). A single destination takes all traffic whatever its weight.
    /// </summary>
    public static void Weights(ValidationContext context, string routePath, IReadOnlyList<int?> weights)
    {
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] is { } weight and < 0)
            {
                context.Add($"{routePath}[{i}].weight", $"weight must be >= 0, got {weight}");
            }
        }

        if (weights.Count < 2 || weights.Any(w => w < 0) || context.IsIncomplete(routePath))
        {
            return;
        }

        var sum = weights.Sum(w => (long)(w ?? 0));
        if (sum == 0)
        {
            context.Add(routePath, "the sum of the destination weights must be > 0 (weights are relative: a destination gets weight/sum of the traffic)");
        }
        else if (sum > MaxTotalWeight)
        {
            context.Add(routePath, $"the sum of the destination weights must be at most {MaxTotalWeight}, got {sum}");
        }
    }
}
