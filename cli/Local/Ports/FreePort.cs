using GatewayMesh.Core.Hosting;

namespace GatewayMesh.Cli.Local.Ports;

/// <summary>
/// Chooses loopback ports for the processes up starts (Redis, the registry, the CA, the dashboard, Prometheus): the
/// preferred one when nothing listens on it, else a <see cref="HandOffPort"/> (outside the kernel's ephemeral range,
/// so no other socket on the machine is handed it before the process binds it). Never the same port twice.
/// </summary>
internal sealed class FreePort : IDisposable
{
    private readonly HashSet<int> _taken = [];
    private readonly Dictionary<int, PortReservation> _held = [];

    /// <summary>A free port on 127.0.0.1 for a process started right away; <paramref name="preferred"/> 0 means any.</summary>
    public int Pick(int preferred)
    {
        using var reservation = Reserve(preferred);
        return reservation.Port;
    }

    /// <summary>
    /// As <see cref="Pick"/>, but the port stays held (a listener of ours) until <see cref="Release"/>: for a process
    /// that starts only after others are ready, so nothing takes its port meanwhile.
    /// </summary>
    public int Hold(int preferred)
    {
        var reservation = Reserve(preferred);
        _held[reservation.Port] = reservation;
        return reservation.Port;
    }

    /// <summary>Frees a held port right before its process starts and binds it.</summary>
    public void Release(int port)
    {
        if (_held.Remove(port, out var reservation))
        {
            reservation.Dispose();
        }
    }

    public static bool IsFree(int port) => HandOffPort.IsFree(port);

    public void Dispose()
    {
        foreach (var reservation in _held.Values)
        {
            reservation.Dispose();
        }

        _held.Clear();
    }

    private PortReservation Reserve(int preferred)
    {
        if (preferred > 0 && !_taken.Contains(preferred) && HandOffPort.TryReserve(preferred) is { } exact)
        {
            _taken.Add(preferred);
            return exact;
        }

        while (true)
        {
            var reservation = HandOffPort.Reserve(candidate => !_taken.Contains(candidate));
            if (_taken.Add(reservation.Port))
            {
                return reservation;
            }

            reservation.Dispose();
        }
    }
}
