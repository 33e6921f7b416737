using GatewayMesh.Cli.Identity;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Cli.Local.Certificates;

/// <summary>
/// Mints one bootstrap token per proxy with the local CA's token-signing key (<see cref="TokenMinter"/>), right before
/// the proxy starts, and writes it to an owner-only file under <c>.meshctl/tokens/</c> that the proxy reads through
/// <c>--ca-token-file</c>. The token works once and expires after <see cref="Lifetime"/>; it is never printed or logged.
/// </summary>
internal sealed class BootstrapTokens(string caDir, string tokensDir, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>The token file for <paramref name="proxyName"/>, holding a fresh token for <paramref name="identity"/>.</summary>
    public string MintFor(string proxyName, SpiffeId identity)
    {
        var token = TokenMinter.Mint(caDir, identity, Lifetime, time);
        OwnerOnly.CreateDirectory(tokensDir);
        var path = Path.Combine(tokensDir, proxyName + ".token");
        OwnerOnly.WriteFile(path, token);
        return path;
    }
}
