using System.Diagnostics;

namespace GatewayMesh.BrowserTests.Browser;

/// <summary>
/// A temporary HOME whose NSS database (<c>$HOME/.pki/nssdb</c>, where Chromium on Linux reads user trust anchors,
/// headless too) trusts one CA for TLS servers: the real way a user trusts the local mesh CA, with NSS's
/// <c>certutil</c> (Debian package <c>libnss3-tools</c>). Deleted on dispose.
/// </summary>
internal sealed class NssTrustStore : IDisposable
{
    public const string CertUtil = "/usr/bin/certutil";
    public const string Nickname = "gatewaymesh-local-ca";

    private NssTrustStore(string home) => Home = home;

    public string Home { get; }

    /// <summary>Creates the database and adds <paramref name="caFile"/> (PEM) trusted for TLS servers ("C,,").</summary>
    public static async Task<NssTrustStore> TrustingAsync(string caFile)
    {
        if (!File.Exists(CertUtil))
        {
            throw new InvalidOperationException(
                $"certutil is missing: no file at {CertUtil}. The HTTPS browser test needs it to make Chromium trust the local CA. " +
                "Install it (Debian: apt-get install --no-install-recommends libnss3-tools; ./test.sh does this when run as root).");
        }

        var home = Directory.CreateTempSubdirectory("gatewaymesh-browser-home-").FullName;
        var store = new NssTrustStore(home);
        try
        {
            var database = "sql:" + Directory.CreateDirectory(Path.Combine(home, ".pki", "nssdb")).FullName;
            await RunAsync("-N", "-d", database, "--empty-password");
            await RunAsync("-A", "-d", database, "-t", "C,,", "-n", Nickname, "-i", caFile);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public void Dispose() => Directory.Delete(Home, recursive: true);

    private static async Task RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(CertUtil) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"certutil {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
