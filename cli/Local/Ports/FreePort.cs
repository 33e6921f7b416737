using GatewayMesh.Core.Hosting;

namespace GatewayMesh.Cli.Local.Ports;

/// <summary>
/// Chooses loopback ports for the processes up starts (Redis, the registry, the CA, the dashboard, Prometheus): the
/// preferred one when nothing listens on it, else a <see cref="HandOffPort"/> (outside the kernel's ephemeral range,
/// so no other socket on the machine is handed it before the process binds it).
/// </summary>
internal sealed class FreePort
{
    private readonly HashSet<int> _taken = [];

    /// <summary>A free port on 127.0.0.1, never the same twice from this instance; <paramref name="preferred"/> 0 means any.</summary>
    public int Pick(int preferred)
    {
        if (preferred > 0 && !_taken.Contains(preferred) && IsFree(preferred))
        {
            _taken.Add(preferred);
            return preferred;
        }

        while (true)
        {
            var port = HandOffPort.Pick(candidate => !_taken.Contains(candidate) && IsFree(candidate));
            if (_taken.Add(port))
            {
                return port;
            }
        }
    }

    public static bool IsFree(int port) => HandOffPort.IsFree(port);
}
