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

    /// <summary>
    /// Each weight is 0..100; with more than one destination they must sum to 100 (an unset weight counts as 0).
    /// A single destination may leave its weight unset: it takes all traffic.
    /// </summary>
    public static void Weights(ValidationContext context, string routePath, IReadOnlyList<int?> weights)
    {
        for (var i = 0; i < weights.Count; i++)
        {
            if (weights[i] is { } weight and (< 0 or > 100))
            {
                context.Add($"{routePath}[{i}].weight", $"weight must be between 0 and 100, got {weight}");
            }
        }

        var sum = weights.Sum(w => (long)(w ?? 0));
        if (weights.Count > 1 && sum != 100)
        {
            context.Add(routePath, $"weights must sum to 100, got {sum}");
        }
    }
}
