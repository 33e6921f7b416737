namespace GatewayMesh.Core.Config.Validation.Rules;

/// <summary>Remembers where each key was first defined and reports later definitions of it.</summary>
internal sealed class DuplicateTracker<TKey>(ValidationContext context, string what)
    where TKey : notnull
{
    private readonly Dictionary<TKey, string> _firstAt = [];

    /// <summary>Records <paramref name="key"/> defined at <paramref name="owner"/>; reports at <paramref name="path"/> if seen before.</summary>
    public void Add(TKey key, string owner, string path)
    {
        if (_firstAt.TryGetValue(key, out var first))
        {
            var shown = key is string ? $"\"{key}\"" : key.ToString();
            context.Add(path, $"{what} {shown} is defined twice (first at {first})");
        }
        else
        {
            _firstAt[key] = owner;
        }
    }
}
