using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace GatewayMesh.Core.Mixer.Attributes;

/// <summary>
/// The attributes of one call, read by compiled expressions. A false return means the attribute is not known for this
/// call (undefined, as in Mixer); <c>a | b</c> then falls back to <c>b</c>. Implementations read lazily from the request,
/// so an unread attribute costs nothing.
/// </summary>
public interface IAttributeBag
{
    bool TryGetString(MixerAttribute attribute, [NotNullWhen(true)] out string? value);

    bool TryGetInt64(MixerAttribute attribute, out long value);

    bool TryGetBool(MixerAttribute attribute, out bool value);

    bool TryGetTimestamp(MixerAttribute attribute, out DateTimeOffset value);

    bool TryGetDuration(MixerAttribute attribute, out TimeSpan value);

    bool TryGetIp(MixerAttribute attribute, [NotNullWhen(true)] out IPAddress? value);

    bool TryGetStringMap(MixerAttribute attribute, [NotNullWhen(true)] out IStringMap? value);
}

/// <summary>A read-only string map attribute: labels, headers (case-insensitive), query parameters, claims.</summary>
public interface IStringMap
{
    int Count { get; }

    bool TryGetValue(string key, [NotNullWhen(true)] out string? value);
}

/// <summary>No attribute is known; what a compile-time fold sees when nothing about the call is fixed.</summary>
public sealed class EmptyAttributeBag : IAttributeBag
{
    public static EmptyAttributeBag Instance { get; } = new();

    public bool TryGetString(MixerAttribute attribute, [NotNullWhen(true)] out string? value) => (value = null) is not null;

    public bool TryGetInt64(MixerAttribute attribute, out long value) => (value = 0) != 0;

    public bool TryGetBool(MixerAttribute attribute, out bool value) => value = false;

    public bool TryGetTimestamp(MixerAttribute attribute, out DateTimeOffset value)
    {
        value = default;
        return false;
    }

    public bool TryGetDuration(MixerAttribute attribute, out TimeSpan value)
    {
        value = default;
        return false;
    }

    public bool TryGetIp(MixerAttribute attribute, [NotNullWhen(true)] out IPAddress? value) => (value = null) is not null;

    public bool TryGetStringMap(MixerAttribute attribute, [NotNullWhen(true)] out IStringMap? value) => (value = null) is not null;
}
