using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>Destinations and weights of HTTP, TLS and TCP routes.</summary>
internal static class RouteDestinationsValidator
{
    public static void Validate(ValidationContext context, VirtualService resource)
    {
        var spec = resource.Spec;
        for (var r = 0; r < spec.Http.Count; r++)
        {
            var routes = spec.Http[r].Route;
            var path = $"spec.http[{r}].route";
            for (var d = 0; d < routes.Count; d++)
            {
                RouteDestinationRules.Validate(context, $"{path}[{d}].destination", routes[d].Destination);
            }

            RouteDestinationRules.Weights(context, path, [.. routes.Select(d => d.Weight)]);
        }

        ValidateL4(context, "spec.tls", [.. spec.Tls.Select(r => r.Route)]);
        ValidateL4(context, "spec.tcp", [.. spec.Tcp.Select(r => r.Route)]);
    }

    private static void ValidateL4(ValidationContext context, string path, IReadOnlyList<Collections.ValueList<RouteDestination>> routes)
    {
        for (var r = 0; r < routes.Count; r++)
        {
            var routePath = $"{path}[{r}].route";
            if (routes[r].IsEmpty)
            {
                context.Add(routePath, "at least one route destination is required");
                continue;
            }

            for (var d = 0; d < routes[r].Count; d++)
            {
                RouteDestinationRules.Validate(context, $"{routePath}[{d}].destination", routes[r][d].Destination);
            }

            RouteDestinationRules.Weights(context, routePath, [.. routes[r].Select(d => d.Weight)]);
        }
    }
}
