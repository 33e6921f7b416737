using GatewayMesh.Core.Identity;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// Reads the bootstrap token from its file (<c>--ca-token-file</c>), read afresh on each bootstrap so an operator can
/// drop a new one in. The token is a secret: it is never logged; a file others may read is warned about by name only.
/// </summary>
internal static class BootstrapTokenFile
{
    public static string? Read(string? path, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new CaRequestException(null, $"--ca-token-file: '{path}' does not exist");
        }

        if (info.Length > BootstrapToken.MaxLength + 2)
        {
            throw new CaRequestException(null, $"--ca-token-file: '{path}' is longer than a bootstrap token ({BootstrapToken.MaxLength} characters)");
        }

        if (!OperatingSystem.IsWindows() && (info.UnixFileMode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            IdentityLog.TokenFileReadable(logger, path);
        }

        var token = File.ReadAllText(path).Trim();
        return token.Length == 0 ? null : token;
    }
}
