using GatewayMesh.Cli.Local.State;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Cli.Local.Certificates;

/// <summary>
/// The local CA as the proxies are told about it: its HTTPS address, the PEM roots they verify it against, and the
/// minter of their bootstrap tokens. The identities are the ones the proxies compute from their own switches.
/// </summary>
internal sealed record CaEndpoint(Uri Address, string RootFile, BootstrapTokens Tokens)
{
    /// <summary>The ingress's identity with its default switches (namespace <c>istio-system</c>).</summary>
    public static readonly SpiffeId IngressIdentity = new(SpiffeId.DefaultTrustDomain, "istio-system", "istio-ingressgateway-service-account");

    /// <summary>A Bookinfo sidecar's identity: namespace <c>default</c>, service account = the service name (the sidecar's default).</summary>
    public static SpiffeId SidecarIdentity(string service) => new(SpiffeId.DefaultTrustDomain, "default", service);

    /// <summary>The CA a recorded mesh runs, each proxy with a bootstrap token minted as it starts; null when it runs none.</summary>
    public static CaEndpoint? From(MeshState state, MeshPaths paths, TimeProvider time) => state is { CaUrl: { } url, CaDir: { } dir }
        ? new CaEndpoint(new Uri(url), CaLauncher.TrustBundleFile(dir), new BootstrapTokens(dir, paths.TokensDir, time))
        : null;
}
