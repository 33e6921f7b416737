using System.Buffers;
using System.IO.Pipelines;

namespace GatewayMesh.Sidecar.Capture;

/// <summary>What the first bytes of a redirected connection say it speaks.</summary>
public enum SniffedProtocol
{
    /// <summary>An HTTP/1.x request line or the HTTP/2 connection preface.</summary>
    Http,

    /// <summary>Anything else, or nothing within the sniff timeout (a server-first protocol).</summary>
    Tcp,

    /// <summary>The client closed before sending a byte.</summary>
    Closed,
}

/// <summary>
/// Peeks a connection's first bytes, without consuming them, to tell HTTP from other TCP (Istio's protocol sniffing):
/// HTTP/1.x methods and the h2 preface are HTTP. Reads only until that is decided; a client silent for the timeout (on
/// the given <see cref="TimeProvider"/>) is TCP.
/// </summary>
public static class ProtocolSniff
{
    private static readonly byte[][] HttpStarts =
    [
        "GET "u8.ToArray(), "POST "u8.ToArray(), "PUT "u8.ToArray(), "DELETE "u8.ToArray(), "HEAD "u8.ToArray(),
        "OPTIONS "u8.ToArray(), "PATCH "u8.ToArray(), "TRACE "u8.ToArray(), "CONNECT "u8.ToArray(),
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray(),
    ];

    private const int Longest = 24;

    public static async ValueTask<SniffedProtocol> DetectAsync(PipeReader input, TimeSpan timeout, TimeProvider time, CancellationToken closed)
    {
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, closed);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await input.ReadAsync(linked.Token);
            }
            catch (OperationCanceledException) when (!closed.IsCancellationRequested)
            {
                return SniffedProtocol.Tcp; // silent, or too few bytes to tell, for the whole timeout
            }

            var buffer = result.Buffer;
            var verdict = Classify(buffer);
            if (verdict is null && !result.IsCompleted)
            {
                input.AdvanceTo(buffer.Start, buffer.End); // need more bytes
                continue;
            }

            input.AdvanceTo(buffer.Start);
            return verdict ?? (buffer.IsEmpty ? SniffedProtocol.Closed : SniffedProtocol.Tcp);
        }
    }

    /// <summary>Http or Tcp once decided; null while the bytes are a proper prefix of some HTTP start.</summary>
    internal static SniffedProtocol? Classify(in ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return null;
        }

        Span<byte> head = stackalloc byte[Longest];
        var length = (int)Math.Min(buffer.Length, Longest);
        buffer.Slice(0, length).CopyTo(head);
        var undecided = false;
        foreach (var start in HttpStarts)
        {
            var compared = Math.Min(length, start.Length);
            if (head[..compared].SequenceEqual(start.AsSpan(0, compared)))
            {
                if (compared == start.Length)
                {
                    return SniffedProtocol.Http;
                }

                undecided = true;
            }
        }

        return undecided ? null : SniffedProtocol.Tcp;
    }
}
