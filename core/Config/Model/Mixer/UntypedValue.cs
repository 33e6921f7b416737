using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model.Mixer;

/// <summary>
/// A value kept as the user wrote it, for fields whose shape depends on another field: a Mixer <c>handler</c>'s
/// <c>params</c> follow its <c>compiledAdapter</c>, an <c>instance</c>'s follow its <c>compiledTemplate</c> (Istio kept
/// them as a <c>google.protobuf.Struct</c>). Validation and the proxies bind it into the typed shape later, with field
/// paths. Value equality over the whole tree.
/// </summary>
public abstract record UntypedValue;

/// <summary>
/// A scalar: its text, and whether it is a plain null, boolean or number (<see cref="Plain"/>) rather than a string.
/// Strings are always stored with <see cref="Plain"/> false, however they were written, so that YAML input and the
/// stored JSON form compare equal.
/// </summary>
public sealed record UntypedScalar(string Text, bool Plain) : UntypedValue;

/// <summary>A list of values.</summary>
public sealed record UntypedList(ValueList<UntypedValue> Items) : UntypedValue;

/// <summary>A mapping of string keys to values.</summary>
public sealed record UntypedMap(ValueMap<string, UntypedValue> Fields) : UntypedValue
{
    public static UntypedMap Empty { get; } = new(ValueMap<string, UntypedValue>.Empty);
}
