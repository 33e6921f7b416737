using System.Collections.Concurrent;

namespace GatewayMesh.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh temporary <c>--state-dir</c> for each in-process proxy, so no test starts from another test's snapshot file
/// (every proxy keeps one by default). All are deleted when the test process exits.
/// </summary>
internal static class ProxyStateDirs
{
    private static readonly ConcurrentBag<string> Created = [];

    static ProxyStateDirs() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var dir in Created)
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    };

    public static string[] NewArgs() => ["--state-dir", New()];

    public static string New()
    {
        var dir = Directory.CreateTempSubdirectory("gm-proxy-state-").FullName;
        Created.Add(dir);
        return dir;
    }
}
