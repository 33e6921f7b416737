using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace GatewayMesh.Registry.Api.AutoRegistration;

/// <summary>
/// The CA's trust bundle as the registry checks workload proofs against it: read from <c>--ca-root-file</c> again
/// whenever the file changed (a root rotation rewrites it), so no restart is needed. Null when no file is configured,
/// or it is missing or holds no certificate: the caller then refuses (fail closed).
/// </summary>
internal sealed class TrustBundleFile(string? path)
{
    private readonly Lock _gate = new();
    private (DateTime Written, long Length, X509Certificate2Collection Roots)? _cached;

    public string? Path => path;

    public X509Certificate2Collection? Current()
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return null;
        }

        lock (_gate)
        {
            if (_cached is { } cached && cached.Written == file.LastWriteTimeUtc && cached.Length == file.Length)
            {
                return cached.Roots;
            }

            var roots = new X509Certificate2Collection();
            try
            {
                roots.ImportFromPemFile(path);
            }
            catch (CryptographicException)
            {
                return null;
            }

            if (roots.Count == 0)
            {
                return null;
            }

            _cached = (file.LastWriteTimeUtc, file.Length, roots);
            return roots;
        }
    }
}
