using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace GatewayMesh.Registry.Auth;

/// <summary>
/// The API bearer token, kept in a file: read when the file exists, otherwise 32 random bytes (base64url) are written
/// to a new file that is owner-only from the moment it is created. The token itself is never logged.
/// </summary>
internal static class TokenFile
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = OwnerReadWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    public static string LoadOrCreate(string path, ILogger logger)
    {
        if (File.Exists(path))
        {
            return Read(path, logger);
        }

        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, OwnerOnlyDirectory);
            }
        }

        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        try
        {
            using var stream = new FileStream(path, CreateOptions());
            stream.Write(Encoding.UTF8.GetBytes(token + "\n"));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return Read(path, logger);
        }

        Log.TokenGenerated(logger, path);
        return token;
    }

    private static string Read(string path, ILogger logger)
    {
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            Log.TokenFileTooOpen(logger, path);
        }

        var token = File.ReadAllText(path).Trim();
        if (token.Length == 0)
        {
            throw new InvalidOperationException($"The token file {path} is empty.");
        }

        Log.TokenRead(logger, path);
        return token;
    }

    private static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerReadWrite;
        }

        return options;
    }
}
