using GatewayMesh.Core.Mixer.Attributes;

namespace GatewayMesh.Core.Mixer.Expressions;

/// <summary>
/// Attributes whose value is the same for every call a proxy sees (on an inbound sidecar, <c>destination.*</c> is the
/// sidecar's own workload). A compile folds them into constants, so a rule about another workload costs nothing at
/// run time: <c>destination.labels["app"] == "ratings"</c> is <c>false</c> on every sidecar but ratings'. A fixed
/// attribute missing from <see cref="Values"/> is undefined for every call.
/// </summary>
public sealed class FixedAttributes(IReadOnlySet<MixerAttribute> fixedAttributes, IAttributeBag values)
{
    public static FixedAttributes None { get; } = new(new HashSet<MixerAttribute>(), EmptyAttributeBag.Instance);

    public IAttributeBag Values { get; } = values;

    public bool IsFixed(MixerAttribute attribute) => fixedAttributes.Contains(attribute);
}

/// <summary>An attribute an expression reads at run time, with the map key when it reads one entry of a map.</summary>
public readonly record struct AttributeReference(MixerAttribute Attribute, string? Key = null);
