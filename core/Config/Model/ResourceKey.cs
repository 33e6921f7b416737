namespace GatewayMesh.Core.Config.Model;

/// <summary>Identifies one config resource: kind, namespace and name.</summary>
public readonly record struct ResourceKey(string Kind, string Namespace, string Name) : IComparable<ResourceKey>
{
    /// <summary>The canonical text form, <c>Kind/namespace/name</c>, used as a store key.</summary>
    public override string ToString() => $"{Kind}/{Namespace}/{Name}";

    public static bool TryParse(string text, out ResourceKey key)
    {
        var parts = text.Split('/');
        if (parts.Length == 3 && parts.All(p => p.Length > 0))
        {
            key = new ResourceKey(parts[0], parts[1], parts[2]);
            return true;
        }

        key = default;
        return false;
    }

    public int CompareTo(ResourceKey other)
    {
        var byKind = string.CompareOrdinal(Kind, other.Kind);
        if (byKind != 0)
        {
            return byKind;
        }

        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }
}
