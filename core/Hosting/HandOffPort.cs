using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace GatewayMesh.Core.Hosting;

/// <summary>
/// Chooses a free loopback port for ANOTHER process to bind later (a pre-picked port: Redis's <c>--port</c>, the port a
/// sidecar gives the app it starts). Binding port 0 and closing it again is not enough for that: until the other
/// process binds, every <c>bind(0)</c> and every outgoing <c>connect()</c> on the machine may be handed the same port,
/// since Linux takes both from <c>/proc/sys/net/ipv4/ip_local_port_range</c>. On a busy machine that gap was long
/// enough for a Bookinfo app to lose its port to another listener while its sidecar, probing the port, called it ready.
/// So the port comes from OUTSIDE that range (where the kernel never hands out ports by itself: some 17,000 ports with
/// Linux's default range), chosen at random; the ingress's default ports 31380/31390 are never chosen. A
/// <see cref="PortReservation"/> keeps listening on it until the caller releases it right before starting the process
/// that binds it, so during a long start-up not even another pre-picker can take it.
/// Processes that can bind port 0 themselves and report the port should do that instead.
/// </summary>
public static class HandOffPort
{
    /// <summary>The lowest port chosen: below it live well-known services (Redis 6379, Prometheus 9090, ...).</summary>
    public const int Lowest = 20000;

    private const int Highest = 65535;
    private const int Attempts = 64;
    private const string RangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
    private static readonly int[] Reserved = [31380, 31390];

    /// <summary>A port that was free a moment ago (released at once): for a process started right away.</summary>
    public static int Pick()
    {
        using var reservation = Reserve();
        return reservation.Port;
    }

    /// <summary>A free port on 127.0.0.1 outside the ephemeral range, held until the reservation is disposed.</summary>
    public static PortReservation Reserve() => Reserve(_ => true, EphemeralRange());

    /// <summary>As <see cref="Reserve()"/>, skipping the candidates <paramref name="accept"/> refuses (ports the caller holds).</summary>
    public static PortReservation Reserve(Func<int, bool> accept) => Reserve(accept, EphemeralRange());

    /// <summary>As <see cref="Reserve(Func{int, bool})"/> for a given ephemeral range; when it leaves fewer than 1,000 ports, one the OS hands out.</summary>
    public static PortReservation Reserve(Func<int, bool> accept, (int Low, int High) ephemeral)
    {
        var (low, high) = ephemeral;
        var firstAbove = Math.Max(high, Lowest - 1) + 1;
        var below = Math.Max(0, low - Lowest);
        var above = Math.Max(0, Highest + 1 - firstAbove);
        if (below + above >= 1000)
        {
            for (var attempt = 0; attempt < Attempts; attempt++)
            {
                var index = Random.Shared.Next(below + above);
                var port = index < below ? Lowest + index : firstAbove + (index - below);
                if (Array.IndexOf(Reserved, port) < 0 && accept(port) && TryReserve(port) is { } reservation)
                {
                    return reservation;
                }
            }
        }

        return TryReserve(0) ?? throw new InvalidOperationException("no loopback port could be bound");
    }

    /// <summary>Holds exactly <paramref name="port"/> (0: one the OS hands out); null when something else has it.</summary>
    public static PortReservation? TryReserve(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start(); // listening, not only bound: no other bind() succeeds on it, whatever its socket options
            return new PortReservation(listener);
        }
        catch (SocketException)
        {
            listener.Dispose();
            return null;
        }
    }

    /// <summary>True when nothing listens on 127.0.0.1:<paramref name="port"/> (a listener bound there and closed again).</summary>
    public static bool IsFree(int port)
    {
        using var reservation = TryReserve(port);
        return reservation is not null;
    }

    /// <summary>The kernel's ephemeral port range; Linux's default when it cannot be read (another OS, no /proc).</summary>
    public static (int Low, int High) EphemeralRange()
    {
        try
        {
            return ParseRange(File.ReadAllText(RangeFile)) ?? (32768, 60999);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (32768, 60999);
        }
    }

    /// <summary>Parses the range file's "LOW HIGH" (tab or space separated); null when it is not two ports.</summary>
    public static (int Low, int High)? ParseRange(string text)
    {
        var parts = text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var high)
            && low is > 0 and <= Highest && high >= low && high <= Highest
            ? (low, high)
            : null;
    }
}
