namespace GatewayMesh.Sidecar.Dapr.Components;

/// <summary>
/// Secrets as files, laid out like a mounted Kubernetes Secret: <c>&lt;dir&gt;/&lt;secret&gt;/&lt;key&gt;</c>
/// (<c>--dapr-secrets-dir</c>; <c>meshctl up</c> writes each app's Redis credentials there, owner-only). Without a
/// directory every reference is unresolved. A value is at most 64 KiB; a trailing newline is dropped.
/// </summary>
public sealed class LocalSecretStore(string? directory) : ISecretResolver
{
    public const int MaxSecretBytes = 64 * 1024;

    public string? Resolve(string secretName, string key)
    {
        if (string.IsNullOrEmpty(directory) || !IsPlainName(secretName) || !IsPlainName(key))
        {
            return null;
        }

        var path = Path.Combine(directory, secretName, key);
        var file = new FileInfo(path);
        if (!file.Exists || file.Length > MaxSecretBytes)
        {
            return null;
        }

        return File.ReadAllText(path).TrimEnd('\r', '\n');
    }

    private static bool IsPlainName(string name) =>
        name.Length > 0 && name != "." && name != ".." && name.IndexOfAny(['/', '\\', '\0']) < 0;
}
