using System.Security.Cryptography;

namespace GatewayMesh.Cli.Local.State;

/// <summary>A random secret kept in an owner-only file: read when it exists, generated (32 random bytes, hex) otherwise.</summary>
internal static class SecretFile
{
    public static string ReadOrCreate(string path)
    {
        if (File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } existing)
        {
            return existing;
        }

        OwnerOnly.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        OwnerOnly.WriteFile(path, secret + "\n");
        return secret;
    }
}
