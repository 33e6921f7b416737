using System.Buffers;
using System.IO.Pipelines;

namespace GatewayMesh.Sidecar.Outbound.Tunnels;

/// <summary>Reads one request head (up to and including the empty line) from a connection, consuming exactly those bytes.</summary>
internal static class ConnectHead
{
    public const int MaxBytes = 16 * 1024;
    private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();

    /// <summary>The head without its final CRLF CRLF, or null when the client stopped sending or the head exceeds <see cref="MaxBytes"/>.</summary>
    public static async ValueTask<byte[]?> ReadAsync(PipeReader input, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var reader = new SequenceReader<byte>(buffer);
            if (reader.TryReadTo(out ReadOnlySequence<byte> head, EndOfHead, advancePastDelimiter: true) && head.Length <= MaxBytes)
            {
                var bytes = head.ToArray();
                input.AdvanceTo(reader.Position);
                return bytes;
            }

            if (result.IsCompleted || buffer.Length > MaxBytes)
            {
                input.AdvanceTo(buffer.Start);
                return null;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
