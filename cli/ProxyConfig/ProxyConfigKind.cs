namespace GatewayMesh.Cli.ProxyConfig;

/// <summary>What <c>proxy-config</c> shows; each is one admin path of the proxy.</summary>
internal enum ProxyConfigKind
{
    Routes,
    Clusters,
    Endpoints,
    Secret,
}

internal static class ProxyConfigKinds
{
    public static string AdminPath(this ProxyConfigKind kind) => kind switch
    {
        ProxyConfigKind.Routes => "/debug/routes",
        ProxyConfigKind.Clusters => "/debug/clusters",
        ProxyConfigKind.Secret => "/debug/certs",
        _ => "/debug/endpoints",
    };

    public static string Noun(this ProxyConfigKind kind) => kind.ToString().ToLowerInvariant();
}
