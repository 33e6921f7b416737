namespace GatewayMesh.Ca.Auth;

/// <summary>
/// The ids (<c>jti</c>) of bootstrap tokens already used, each remembered until its token expires, so a token works
/// once. Bounded: when it holds <c>capacity</c> unexpired ids it refuses new tokens rather than forget a live one.
/// </summary>
public sealed class TokenReplayCache(int capacity)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _byExpiry = new();

    public enum Outcome
    {
        FirstUse,
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

    public Outcome TryUse(string id, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        lock (_lock)
        {
            while (_byExpiry.TryPeek(out var expired, out var at) && at <= now)
            {
                _byExpiry.Dequeue();
                _used.Remove(expired);
            }

            if (_used.Contains(id))
            {
                return Outcome.Replayed;
            }

            if (_used.Count >= capacity)
            {
                return Outcome.Full;
            }

            _used.Add(id);
            _byExpiry.Enqueue(id, expiresAt);
            return Outcome.FirstUse;
        }
    }
}
