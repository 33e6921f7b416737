using System.Collections;
using System.Collections.Immutable;

namespace GatewayMesh.Core.Collections;

/// <summary>
/// An immutable map, sorted by key for deterministic output, with value equality over its entries.
/// </summary>
public readonly struct ValueMap<TKey, TValue> : IReadOnlyDictionary<TKey, TValue>, IEquatable<ValueMap<TKey, TValue>>
    where TKey : notnull
{
    private readonly ImmutableSortedDictionary<TKey, TValue>? _items;

    public ValueMap(ImmutableSortedDictionary<TKey, TValue> items) => _items = items;

    public ValueMap(IEnumerable<KeyValuePair<TKey, TValue>> items) => _items = ImmutableSortedDictionary.CreateRange(items);

    public static ValueMap<TKey, TValue> Empty => default;

    public ImmutableSortedDictionary<TKey, TValue> Items => _items ?? ImmutableSortedDictionary<TKey, TValue>.Empty;

    public int Count => _items?.Count ?? 0;

    public bool IsEmpty => Count == 0;

    public TValue this[TKey key] => Items[key];

    public IEnumerable<TKey> Keys => Items.Keys;

    public IEnumerable<TValue> Values => Items.Values;

    public bool ContainsKey(TKey key) => Items.ContainsKey(key);

    public bool TryGetValue(TKey key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out TValue value) => Items.TryGetValue(key, out value);

    public ValueMap<TKey, TValue> SetItem(TKey key, TValue value) => new(Items.SetItem(key, value));

    public ValueMap<TKey, TValue> Remove(TKey key) => new(Items.Remove(key));

    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => Items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(ValueMap<TKey, TValue> other)
    {
        if (Count != other.Count)
        {
            return false;
        }

        var comparer = EqualityComparer<TValue>.Default;
        foreach (var (key, value) in Items)
        {
            if (!other.Items.TryGetValue(key, out var otherValue) || !comparer.Equals(value, otherValue))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => obj is ValueMap<TKey, TValue> other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var (key, value) in Items)
        {
            hash.Add(key);
            hash.Add(value);
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(ValueMap<TKey, TValue> left, ValueMap<TKey, TValue> right) => left.Equals(right);

    public static bool operator !=(ValueMap<TKey, TValue> left, ValueMap<TKey, TValue> right) => !left.Equals(right);
}

public static class ValueMap
{
    public static ValueMap<TKey, TValue> ToValueMap<TKey, TValue>(this IEnumerable<KeyValuePair<TKey, TValue>> items)
        where TKey : notnull => new(items);
}
