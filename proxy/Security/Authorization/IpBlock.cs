using System.Net;
using System.Net.Sockets;

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>
/// A CIDR block or a single address (a /32 or /128), IPv4 or IPv6, with host bits ignored as Go's ParseCIDR does.
/// IPv4-mapped IPv6 addresses (from dual-mode sockets) are compared as IPv4.
/// </summary>
public readonly record struct IpBlock(byte[] Network, int PrefixLength, AddressFamily Family)
{
    public static bool TryParse(string text, out IpBlock block)
    {
        block = default;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (!IPAddress.TryParse(slash < 0 ? text.AsSpan() : text.AsSpan(0, slash), out var address))
        {
            return false;
        }

        address = Normalize(address);
        var bytes = address.GetAddressBytes();
        var bits = bytes.Length * 8;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), out prefix) || prefix < 0 || prefix > bits))
        {
            return false;
        }

        block = new IpBlock(bytes, prefix, address.AddressFamily);
        return true;
    }

    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        address = Normalize(address);
        if (address.AddressFamily != Family)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!address.TryWriteBytes(bytes, out var written) || written != Network.Length)
        {
            return false;
        }

        var whole = PrefixLength / 8;
        if (!bytes[..whole].SequenceEqual(Network.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = PrefixLength % 8;
        if (rest == 0)
        {
            return true;
        }

        var mask = (byte)(0xFF << (8 - rest));
        return (bytes[whole] & mask) == (Network[whole] & mask);
    }

    public override string ToString() => $"{new IPAddress(Network)}/{PrefixLength}";

    public static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
