using GatewayMesh.Core.Config.Model.Policy;

namespace GatewayMesh.Proxy.Security;

/// <summary>The mesh config's HTTP external authorizers (<c>extensionProviders[].envoyExtAuthzHttp</c>), by provider name.</summary>
public static class ExtAuthzProviders
{
    public static IReadOnlyDictionary<string, EnvoyExtAuthzHttpProvider> Of(MeshConfig? mesh)
    {
        var providers = new Dictionary<string, EnvoyExtAuthzHttpProvider>(StringComparer.Ordinal);
        foreach (var provider in mesh?.Spec.ExtensionProviders ?? [])
        {
            if (provider is { Name: { } name, EnvoyExtAuthzHttp: { Service: not null, Port: not null } http })
            {
                providers.TryAdd(name, http);
            }
        }

        return providers;
    }
}
