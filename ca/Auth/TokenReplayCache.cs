namespace GatewayMesh.Ca.Auth;

/// <summary>
/// The ids (<c>jti</c>) of bootstrap tokens already used, each with the fingerprint of the public key it was spent on,
/// remembered until the token expires, so a token works for one key only. The same token again with the same key is the
/// caller retrying an answer it never got (a timeout under load, a dropped connection): that is let through, since a
/// certificate for that key is useless to anyone without the private key. Bounded: when it holds <c>capacity</c>
/// unexpired ids it refuses new tokens rather than forget a live one.
/// </summary>
public sealed class TokenReplayCache(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, byte[]> _used = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _byExpiry = new();

    public enum Outcome
    {
        FirstUse,
        SameKeyAgain,
        Replayed,
        Full,
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _used.Count;
            }
        }
    }

    /// <summary>Spends token <paramref name="id"/> on the key whose fingerprint is <paramref name="keyFingerprint"/>.</summary>
    public Outcome TryUse(string id, ReadOnlySpan<byte> keyFingerprint, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        lock (_lock)
        {
            while (_byExpiry.TryPeek(out var expired, out var at) && at <= now)
            {
                _byExpiry.Dequeue();
                _used.Remove(expired);
            }

            if (_used.TryGetValue(id, out var spentOn))
            {
                return keyFingerprint.SequenceEqual(spentOn) ? Outcome.SameKeyAgain : Outcome.Replayed;
            }

            if (_used.Count >= capacity)
            {
                return Outcome.Full;
            }

            _used.Add(id, keyFingerprint.ToArray());
            _byExpiry.Enqueue(id, expiresAt);
            return Outcome.FirstUse;
        }
    }
}
