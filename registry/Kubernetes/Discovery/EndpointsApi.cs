using k8s;

namespace GatewayMesh.Registry.Kubernetes.Discovery;

/// <summary>Which API gives a Service's endpoints.</summary>
internal enum EndpointsApiKind
{
    /// <summary><c>discovery.k8s.io/v1</c> EndpointSlices (Kubernetes 1.21 and later).</summary>
    EndpointSlices,

    /// <summary><c>v1</c> Endpoints, where EndpointSlice v1 is not served (1.20 serves only v1beta1).</summary>
    Endpoints,
}

/// <summary>Picks the endpoints API by discovery, unless the operator named one (<c>--endpoints-api</c>).</summary>
internal static class EndpointsApi
{
    public static async Task<EndpointsApiKind> ChooseAsync(IKubernetes client, string setting, CancellationToken cancellationToken)
    {
        switch (setting.ToLowerInvariant())
        {
            case "endpointslices":
                return EndpointsApiKind.EndpointSlices;
            case "endpoints":
                return EndpointsApiKind.Endpoints;
        }

        try
        {
            var resources = await client.Apis.GetAPIVersionsAsync(cancellationToken);
            var discovery = resources.Groups.FirstOrDefault(g => g.Name == "discovery.k8s.io");
            return discovery?.Versions.Any(v => v.Version == "v1") == true ? EndpointsApiKind.EndpointSlices : EndpointsApiKind.Endpoints;
        }
        catch (k8s.Autorest.HttpOperationException)
        {
            return EndpointsApiKind.Endpoints;
        }
    }
}
