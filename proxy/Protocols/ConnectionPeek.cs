using System.Buffers;
using System.IO.Pipelines;

namespace GatewayMesh.Proxy.Protocols;

/// <summary>Looks at the first bytes of a connection without consuming them, so the next handler still reads them all.</summary>
public static class ConnectionPeek
{
    /// <summary>
    /// True when the connection starts with <paramref name="prefix"/>; false as soon as a byte differs or the client
    /// stops sending (end of input). Reads only until that is known; nothing is consumed.
    /// </summary>
    public static async ValueTask<bool> StartsWithAsync(PipeReader input, ReadOnlyMemory<byte> prefix, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var verdict = Compare(buffer, prefix.Span);
            if (verdict is null && !result.IsCompleted)
            {
                input.AdvanceTo(buffer.Start, buffer.End); // need more bytes
                continue;
            }

            input.AdvanceTo(buffer.Start);
            return verdict == true;
        }
    }

    /// <summary>True or false once decided, null while <paramref name="buffer"/> is a proper prefix of <paramref name="prefix"/>.</summary>
    internal static bool? Compare(in ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> prefix)
    {
        var length = (int)Math.Min(buffer.Length, prefix.Length);
        Span<byte> head = stackalloc byte[length];
        buffer.Slice(0, length).CopyTo(head);
        if (!head.SequenceEqual(prefix[..length]))
        {
            return false;
        }

        return length == prefix.Length ? true : null;
    }
}
