using System.Security.Cryptography;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Cli.Identity;

/// <summary>
/// Mints bootstrap tokens with the CA's token-signing key (<c>&lt;ca dir&gt;/token-signing.key</c>, which the CA
/// creates owner-only on its first start). The key is read for each mint and never kept; the token is a secret.
/// </summary>
internal static class TokenMinter
{
    public const string KeyFileName = "token-signing.key";

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static string Mint(string caDir, SpiffeId identity, TimeSpan lifetime, TimeProvider time)
    {
        var keyFile = Path.Combine(caDir, KeyFileName);
        if (!File.Exists(keyFile))
        {
            throw new CliException($"no token-signing key at {keyFile}", ["start the CA first (meshctl up), or pass --ca-dir with the CA's folder"]);
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(keyFile) & GroupOrOther) != 0)
        {
            throw new CliException($"{keyFile} is readable by other users", [$"restrict it: chmod 600 {keyFile}"]);
        }

        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(keyFile));
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            throw new CliException($"{keyFile} is not a PEM ECDSA key");
        }

        if (lifetime <= TimeSpan.Zero || lifetime > BootstrapToken.MaxLifetime)
        {
            throw new CliException($"--ttl must be more than 0 and at most {BootstrapToken.MaxLifetime.TotalHours:0}h");
        }

        return BootstrapToken.Mint(key, identity, lifetime, time);
    }
}
