using System.Collections.Concurrent;

namespace GatewayMesh.Proxy.Policy.Checks;

/// <summary>
/// Check answers for identical attribute values, kept as Mixer's proxies kept them: for the answer's valid duration
/// and at most its valid use count. Bounded: when full, it starts over. One per compiled policy, so a config change
/// empties it.
/// </summary>
public sealed class CheckCache(TimeProvider time, int capacity = 10_000)
{
    private readonly ConcurrentDictionary<UInt128, Entry> _entries = new();

    public int Count => _entries.Count;

    public bool TryGet(UInt128 key, out CheckDenial? denial)
    {
        denial = null;
        if (!_entries.TryGetValue(key, out var entry))
        {
            return false;
        }

        if (time.GetTimestamp() >= entry.ExpiresAt || Interlocked.Decrement(ref entry.UsesLeft) < 0)
        {
            _entries.TryRemove(new KeyValuePair<UInt128, Entry>(key, entry));
            return false;
        }

        denial = entry.Denial;
        return true;
    }

    public void Add(UInt128 key, CheckDenial? denial, CacheValidity validity)
    {
        if (validity.Duration <= TimeSpan.Zero || validity.UseCount <= 0)
        {
            return;
        }

        if (_entries.Count >= capacity)
        {
            _entries.Clear();
        }

        var ticks = (long)(validity.Duration.TotalSeconds * time.TimestampFrequency);
        _entries[key] = new Entry(denial, time.GetTimestamp() + ticks, validity.UseCount - 1);
    }

    private sealed class Entry(CheckDenial? denial, long expiresAt, int usesLeft)
    {
        public int UsesLeft = usesLeft;

        public CheckDenial? Denial { get; } = denial;

        public long ExpiresAt { get; } = expiresAt;
    }
}
