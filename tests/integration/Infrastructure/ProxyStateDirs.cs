using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;

namespace GatewayMesh.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh temporary <c>--state-dir</c> for each in-process proxy, so no test starts from another test's snapshot file
/// (every proxy keeps one by default). The harness that starts the proxy owns its folder (<see cref="ProxyStateDir"/>)
/// and deletes it once the proxy is stopped, or when the proxy fails to start. A folder still here when the test
/// process exits (a harness never disposed) is deleted then; nothing about one folder stops the others being deleted.
/// The exit is not enough alone (a test host can be killed, and a run of 110 tests once left 75 folders behind, its
/// exit deleting none of them). So each folder is also marked with its owner
/// (<see cref="AbandonedFolders"/>), and the first use in a test process deletes those whose owner is gone.
/// </summary>
internal static class ProxyStateDirs
{
    public const string Prefix = "gm-proxy-state-";

    private const int DeleteAttempts = 3;

    private static readonly ConcurrentDictionary<string, byte> Live = new();

    static ProxyStateDirs()
    {
        try
        {
            AbandonedFolders.SweepAsync(Prefix).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // the temp folder changed under the sweep: the next test process sweeps again; no test depends on it
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var dir in Live.Keys)
            {
                Delete(dir);
            }
        };
    }

    /// <summary>The folders created and not yet deleted.</summary>
    public static IReadOnlyCollection<string> Undeleted => [.. Live.Keys];

    public static ProxyStateDir New()
    {
        var dir = Directory.CreateTempSubdirectory(Prefix).FullName;
        AbandonedFolders.Claim(dir);
        Live[dir] = 0;
        return new ProxyStateDir(dir);
    }

    /// <summary>
    /// Builds a proxy with a new state folder's arguments (<paramref name="create"/> places them) and starts it; a proxy
    /// that fails to build or start is disposed and its folder deleted at once. The caller deletes the folder after
    /// stopping the proxy.
    /// </summary>
    public static async Task<(WebApplication App, ProxyStateDir State)> StartAsync(Func<string[], WebApplication> create)
    {
        var state = New();
        WebApplication? app = null;
        try
        {
            app = create(state.Args);
            await app.StartAsync();
            return (app, state);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            state.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Deletes <paramref name="dir"/>; true when it is gone. A proxy still running may write its snapshot meanwhile
    /// ("directory not empty"), so a failed delete is tried again a few times, then left for the exit.
    /// </summary>
    internal static bool Delete(string dir)
    {
        for (var attempt = 1; attempt <= DeleteAttempts; attempt++)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
                Live.TryRemove(dir, out _);
                return true;
            }
            catch (DirectoryNotFoundException)
            {
                Live.TryRemove(dir, out _);
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // written to meanwhile: try again
            }
        }

        return false;
    }
}

/// <summary>One proxy's state folder: pass <see cref="Args"/> to the proxy, dispose after the proxy has stopped.</summary>
internal sealed class ProxyStateDir(string path) : IDisposable
{
    public string Path { get; } = path;

    public string[] Args => ["--state-dir", Path];

    public void Dispose() => ProxyStateDirs.Delete(Path);
}
