using System.Security.Cryptography;
using GatewayMesh.Ca.Hosting;
using GatewayMesh.Core.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.IntegrationTests.Identity;

/// <summary>
/// The real CA (<c>ca/</c>) in-process on 127.0.0.1 over HTTPS, with its folder in a temp dir; mints bootstrap tokens
/// into owner-only files with the CA's own token-signing key, as <c>meshctl up</c> does.
/// </summary>
public sealed class RealCaHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _ownsDir;
    private bool _stopped;

    private RealCaHost(WebApplication app, string dir, bool ownsDir)
    {
        _app = app;
        _ownsDir = ownsDir;
        Dir = dir;
        Address = CaApp.GetListeningUri(app);
    }

    public string Dir { get; }

    public Uri Address { get; }

    public string RootFile => Path.Combine(Dir, "trust-bundle.pem");

    public string AuditLog => Path.Combine(Dir, "audit.jsonl");

    /// <param name="configure">More services for the CA host (a test's <c>IStartupFilter</c> that interferes with answers).</param>
    /// <param name="dir">The CA's folder, which the caller keeps (e.g. to restart a CA on it); null: a temp folder this host deletes when disposed.</param>
    public static async Task<RealCaHost> StartAsync(string? dir = null, int port = 0, Action<IServiceCollection>? configure = null)
    {
        var ownsDir = dir is null;
        dir ??= Directory.CreateTempSubdirectory("ca-test-").FullName;
        var app = CaApp.Create(["--dir", dir, "--port", port.ToString(), "--rate-per-minute", "600", "--rate-burst", "100"], services =>
        {
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
            configure?.Invoke(services);
        });
        await app.StartAsync();
        return new RealCaHost(app, dir, ownsDir);
    }

    /// <summary>A fresh one-use token for <paramref name="identity"/> in an owner-only file; returns the file.</summary>
    public string MintTokenFile(SpiffeId identity)
    {
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(Dir, "token-signing.key")));
        var path = Path.Combine(Dir, $"token-{Guid.NewGuid():N}");
        File.WriteAllText(path, "");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(path, BootstrapToken.Mint(key, identity, TimeSpan.FromMinutes(10), TimeProvider.System));
        return path;
    }

    public string[] ProxyArgs(SpiffeId identity, params string[] extra) =>
        ["--ca-address", Address.ToString(), "--ca-root-file", RootFile, "--ca-token-file", MintTokenFile(identity), .. extra];

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
        if (_ownsDir)
        {
            DeleteDir();
        }
    }

    /// <summary>Removes the CA's folder, if it is still there (a folder this host made goes when it is disposed).</summary>
    public void DeleteDir()
    {
        if (Directory.Exists(Dir))
        {
            Directory.Delete(Dir, recursive: true);
        }
    }
}
