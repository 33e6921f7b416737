namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// A value computed once from a record's other members (a compiled regex, a cumulative weight array, a lookup index).
/// It always compares equal, so records holding it keep value equality over what they were compiled from.
/// </summary>
internal readonly struct DerivedValue<T>(T value) : IEquatable<DerivedValue<T>>
{
    public T Value { get; } = value;

    public bool Equals(DerivedValue<T> other) => true;

    public override bool Equals(object? obj) => obj is DerivedValue<T>;

    public override int GetHashCode() => 0;

    public override string ToString() => "(derived)";
}
