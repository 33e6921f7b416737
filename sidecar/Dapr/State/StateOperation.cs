namespace GatewayMesh.Sidecar.Dapr.State;

/// <summary>How an ETag is honoured, as in Dapr's state options.</summary>
public enum StateConcurrency
{
    Unspecified,
    FirstWrite,
    LastWrite,
}

/// <summary>One write of a save, delete or transaction, with the key as the app gave it.</summary>
/// <param name="Value">The value's bytes for an upsert (JSON text from the HTTP API, the bytes the SDK sent over gRPC); null for a delete.</param>
/// <param name="TtlSeconds">From <c>ttlInSeconds</c>: &gt;0 expire after that many seconds, -1 never (clears an earlier TTL), null: the store's default.</param>
public sealed record StateOperation(string Key, ReadOnlyMemory<byte>? Value, string? ETag, StateConcurrency Concurrency, int? TtlSeconds)
{
    public bool IsDelete => Value is null;
}

/// <summary>What a get finds: the stored bytes and the ETag (the hash's <c>version</c>), or nothing.</summary>
public sealed record StateEntry(string Key, byte[]? Data, string? ETag)
{
    public bool Found => Data is not null;
}
