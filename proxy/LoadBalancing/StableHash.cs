using System.Buffers;
using System.IO.Hashing;
using System.Net;
using System.Text;

namespace GatewayMesh.Proxy.LoadBalancing;

/// <summary>XxHash64 with seed 0: the same input hashes the same in every process and version, unlike string.GetHashCode.</summary>
public static class StableHash
{
    private const int StackLimit = 256;

    public static ulong Of(string text)
    {
        var length = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = length <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            return XxHash64.HashToUInt64(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static ulong Of(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        return address.TryWriteBytes(bytes, out var written) ? XxHash64.HashToUInt64(bytes[..written]) : 0;
    }
}
