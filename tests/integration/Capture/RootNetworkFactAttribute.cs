using Xunit;

namespace GatewayMesh.IntegrationTests.Capture;

/// <summary>
/// A fact that needs what a pod's network needs: root (network namespaces, iptables, switching UIDs), <c>iptables-restore</c>,
/// <c>ip</c> (iproute2, <c>ip netns</c>), <c>setpriv</c> and <c>redis-server</c>. Skipped, saying which is missing, only
/// when one is; <c>./test.sh</c> installs Debian's <c>iptables</c> as root, so CI always runs these tests.
/// </summary>
public sealed class RootNetworkFactAttribute : FactAttribute
{
    private static readonly string? Missing = FindMissing();

    public RootNetworkFactAttribute()
    {
        if (Missing is not null)
        {
            Skip = Missing;
        }
    }

    private static string? FindMissing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "needs Linux network namespaces and iptables";
        }

        if (Environment.UserName != "root" && !string.Equals(Environment.GetEnvironmentVariable("USER"), "root", StringComparison.Ordinal) && GetUid() != 0)
        {
            return "needs root (network namespaces, iptables, running processes as UID 1337)";
        }

        foreach (var tool in new[] { "iptables-restore", "ip", "setpriv", "redis-server" })
        {
            if (PodNamespace.FindTool(tool) is null)
            {
                return $"needs {tool} (Debian: apt-get install iptables iproute2 util-linux redis-server)";
            }
        }

        return null;
    }

    private static uint GetUid()
    {
        // /proc/self/status: "Uid:\t<real>\t<effective>..."
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                return uint.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[2], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return uint.MaxValue;
    }
}
