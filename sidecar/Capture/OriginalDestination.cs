using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using GatewayMesh.Proxy.Protocols;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace GatewayMesh.Sidecar.Capture;

/// <summary>
/// Where a connection the pod's iptables rules redirected to a listener was really going (<c>SO_ORIGINAL_DST</c>, as
/// Istio's sidecar reads it). A connection feature: set once when the connection is accepted, read by the steps that
/// care (the inbound forward step picks the app port by it), so no parameter is threaded through the pipeline.
/// Absent when the connection was not redirected (a client that dialled the listener itself).
/// </summary>
public sealed class OriginalDestination(IPEndPoint address) : IDialledPortFeature
{
    private const int SolIp = 0;
    private const int SolIpv6 = 41;
    private const int SoOriginalDst = 80; // also IP6T_SO_ORIGINAL_DST
    private const int AfInet = 2;
    private const int AfInet6 = 10;

    private string? _loopbackPrefix;
    private string? _inboundCluster;

    /// <summary>The address and port the client dialled before the redirect.</summary>
    public IPEndPoint Address { get; } = address;

    /// <summary>The port the client dialled: the inbound mTLS mode and authorization judge this workload port.</summary>
    public int Port => Address.Port;

    /// <summary><c>http://127.0.0.1:&lt;original port&gt;</c>: where the inbound listener sends this connection's requests (built once per connection).</summary>
    public string LoopbackPrefix => _loopbackPrefix ??= $"http://127.0.0.1:{Address.Port}";

    /// <summary>Envoy's <c>inbound|&lt;original port&gt;||</c>: the inbound cluster this connection's requests report (built once per connection).</summary>
    public string InboundCluster => _inboundCluster ??= $"inbound|{Address.Port}||";

    /// <summary>
    /// Reads the accepted socket's original destination once and sets it as a feature of <paramref name="connection"/>;
    /// null (and no feature) when there was no redirect: the lookup fails, or it names the listener's own port.
    /// </summary>
    public static OriginalDestination? Capture(ConnectionContext connection)
    {
        var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is null || Read(socket) is not { } original || original.Port == (connection.LocalEndPoint as IPEndPoint)?.Port)
        {
            return null;
        }

        var feature = new OriginalDestination(original);
        connection.Features.Set(feature);
        connection.Features.Set<IDialledPortFeature>(feature);
        return feature;
    }

    /// <summary>One <c>getsockopt</c>: the IPv6 lookup on an IPv6 socket (the IPv4 one for a dual-mode socket's IPv4 peer), else the IPv4 one.</summary>
    internal static IPEndPoint? Read(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[28]; // sockaddr_in6 is the larger
        if (socket.AddressFamily == AddressFamily.InterNetworkV6 && TryGet(socket, SolIpv6, buffer, out var length) && Parse(buffer[..length]) is { } v6)
        {
            return v6;
        }

        return TryGet(socket, SolIp, buffer, out length) ? Parse(buffer[..length]) : null;
    }

    /// <summary>A <c>sockaddr_in</c> or <c>sockaddr_in6</c> (family in host order, port in network order).</summary>
    internal static IPEndPoint? Parse(ReadOnlySpan<byte> sockaddr)
    {
        if (sockaddr.Length < 8)
        {
            return null;
        }

        var family = BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(sockaddr) : BinaryPrimitives.ReadUInt16BigEndian(sockaddr);
        var port = BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]);
        return family switch
        {
            AfInet => new IPEndPoint(new IPAddress(sockaddr.Slice(4, 4)), port),
            AfInet6 when sockaddr.Length >= 24 => Unmapped(new IPEndPoint(new IPAddress(sockaddr.Slice(8, 16)), port)),
            _ => null,
        };
    }

    private static IPEndPoint Unmapped(IPEndPoint endpoint) =>
        endpoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endpoint.Address.MapToIPv4(), endpoint.Port) : endpoint;

    private static bool TryGet(Socket socket, int level, Span<byte> buffer, out int length)
    {
        try
        {
            length = socket.GetRawSocketOption(level, SoOriginalDst, buffer);
            return true;
        }
        catch (SocketException)
        {
            length = 0; // ENOENT: conntrack has no redirect for this connection
            return false;
        }
    }
}
