namespace GatewayMesh.Ingress.Tls;

/// <summary>Reads one PEM file of a credential, at most <see cref="MaxBytes"/>; errors name the Gateway field and the path, never content.</summary>
internal static class CredentialFile
{
    public const int MaxBytes = 1024 * 1024;

    public static string Read(string path, string field, string what)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new CredentialException($"{field}: {what} not found: no file {path}");
        }

        if (info.Length > MaxBytes)
        {
            throw new CredentialException($"{field}: {what} {path} is larger than {MaxBytes} bytes");
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CredentialException($"{field}: cannot read {what} {path} ({ex.GetType().Name})");
        }
    }
}
