namespace GatewayMesh.Proxy.Forwarding;

/// <summary>
/// New <c>x-request-id</c> values: random (version 4) UUIDs in the usual 36-character form. Request ids correlate
/// logs and traces and need no cryptographic strength, so they come from <see cref="Random.Shared"/>:
/// <see cref="Guid.NewGuid"/> costs a system call per id on Linux, once for every request that arrives without one.
/// </summary>
public static class RequestIds
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        Random.Shared.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4, in the byte order Guid(ReadOnlySpan<byte>) reads
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(bytes).ToString("D");
    }
}
