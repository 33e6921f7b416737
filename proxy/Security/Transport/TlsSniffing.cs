using System.IO.Pipelines;
using GatewayMesh.Proxy.Protocols;

namespace GatewayMesh.Proxy.Security.Transport;

/// <summary>Tells a TLS connection from a plaintext one by its first byte, without consuming anything.</summary>
public static class TlsSniffing
{
    /// <summary>The content type of a TLS handshake record (RFC 8446 §5.1): every TLS connection starts with it.</summary>
    public const byte HandshakeRecord = 0x16;

    private static readonly ReadOnlyMemory<byte> HandshakePrefix = new[] { HandshakeRecord };

    /// <summary>True when the connection's first byte starts a TLS handshake; false for plaintext or a client that closed.</summary>
    public static ValueTask<bool> StartsWithTlsAsync(PipeReader input, CancellationToken cancellationToken) =>
        ConnectionPeek.StartsWithAsync(input, HandshakePrefix, cancellationToken);
}
