using System.Diagnostics.CodeAnalysis;
using System.Net;
using GatewayMesh.Core.Mixer.Attributes;

namespace GatewayMesh.UnitTests.Policy;

/// <summary>An attribute bag from a dictionary of attribute name → value (string, long, bool, TimeSpan, DateTimeOffset, IPAddress, or a string map).</summary>
internal sealed class TestBag(Dictionary<string, object> values) : IAttributeBag
{
    public TestBag()
        : this([])
    {
    }

    public int Reads { get; private set; }

    public TestBag With(string name, object value)
    {
        values[name] = value;
        return this;
    }

    public static TestStringMap Map(params (string Key, string Value)[] entries) => new(entries.ToDictionary(e => e.Key, e => e.Value));

    public bool TryGetString(MixerAttribute attribute, [NotNullWhen(true)] out string? value) => Get(attribute, out value);

    public bool TryGetInt64(MixerAttribute attribute, out long value) => Get(attribute, out value);

    public bool TryGetBool(MixerAttribute attribute, out bool value) => Get(attribute, out value);

    public bool TryGetTimestamp(MixerAttribute attribute, out DateTimeOffset value) => Get(attribute, out value);

    public bool TryGetDuration(MixerAttribute attribute, out TimeSpan value) => Get(attribute, out value);

    public bool TryGetIp(MixerAttribute attribute, [NotNullWhen(true)] out IPAddress? value) => Get(attribute, out value);

    public bool TryGetStringMap(MixerAttribute attribute, [NotNullWhen(true)] out IStringMap? value) => Get(attribute, out value);

    private bool Get<T>(MixerAttribute attribute, out T value)
    {
        Reads++;
        if (values.TryGetValue(AttributeVocabulary.Of(attribute).Name, out var found) && found is T typed)
        {
            value = typed;
            return true;
        }

        value = default!;
        return false;
    }
}

internal sealed class TestStringMap(Dictionary<string, string> entries) : IStringMap
{
    public int Count => entries.Count;

    public bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => entries.TryGetValue(key, out value);
}
