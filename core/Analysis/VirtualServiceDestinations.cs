using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Analysis;

/// <summary>One destination a VirtualService sends (or mirrors) traffic to, with the path of its destination object.</summary>
internal sealed record DestinationReference(string Path, Destination Destination);

/// <summary>Every destination of a VirtualService: HTTP routes, mirrors, TLS and TCP routes.</summary>
internal static class VirtualServiceDestinations
{
    public static IEnumerable<DestinationReference> Of(VirtualService resource)
    {
        var spec = resource.Spec;
        for (var r = 0; r < spec.Http.Count; r++)
        {
            var route = spec.Http[r];
            for (var d = 0; d < route.Route.Count; d++)
            {
                if (route.Route[d].Destination is { } destination)
                {
                    yield return new($"spec.http[{r}].route[{d}].destination", destination);
                }
            }

            if (route.Mirror is { } mirror)
            {
                yield return new($"spec.http[{r}].mirror", mirror);
            }

            for (var m = 0; m < route.Mirrors.Count; m++)
            {
                if (route.Mirrors[m].Destination is { } destination)
                {
                    yield return new($"spec.http[{r}].mirrors[{m}].destination", destination);
                }
            }
        }

        foreach (var reference in L4("spec.tls", [.. spec.Tls.Select(t => t.Route)]).Concat(L4("spec.tcp", [.. spec.Tcp.Select(t => t.Route)])))
        {
            yield return reference;
        }
    }

    private static IEnumerable<DestinationReference> L4(string path, IReadOnlyList<Collections.ValueList<RouteDestination>> routes)
    {
        for (var r = 0; r < routes.Count; r++)
        {
            for (var d = 0; d < routes[r].Count; d++)
            {
                if (routes[r][d].Destination is { } destination)
                {
                    yield return new($"{path}[{r}].route[{d}].destination", destination);
                }
            }
        }
    }
}
