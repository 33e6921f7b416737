using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model.Mixer;

/// <summary>Mixer's <c>QuotaSpec</c>: which quotas a call is charged, and how much, when its rules match.</summary>
[ProtoJsonNames]
public sealed record QuotaSpecSpec
{
    public ValueList<QuotaRule> Rules { get; init; }
}

/// <summary>Charges <see cref="Quotas"/> when any of <see cref="Match"/> holds (or always, with no match).</summary>
[ProtoJsonNames]
public sealed record QuotaRule
{
    public ValueList<AttributeMatch> Match { get; init; }

    public ValueList<QuotaCharge> Quotas { get; init; }
}

/// <summary>Holds when every clause holds: attribute name → string match.</summary>
[ProtoJsonNames]
public sealed record AttributeMatch
{
    public ValueMap<string, AttributeStringMatch> Clause { get; init; }
}

/// <summary>One of exact, prefix or regex (RE2, full match).</summary>
[ProtoJsonNames]
public sealed record AttributeStringMatch
{
    public string? Exact { get; init; }

    public string? Prefix { get; init; }

    public string? Regex { get; init; }
}

/// <summary>A quota (by its instance's name) and the amount charged.</summary>
[ProtoJsonNames]
public sealed record QuotaCharge
{
    public string? Quota { get; init; }

    public long? Charge { get; init; }
}

/// <summary>Mixer's <c>QuotaSpecBinding</c>: binds quota specs to the services whose calls are charged.</summary>
[ProtoJsonNames]
public sealed record QuotaSpecBindingSpec
{
    public ValueList<QuotaBindingService> Services { get; init; }

    public ValueList<QuotaSpecReference> QuotaSpecs { get; init; }
}

/// <summary>An <c>IstioService</c>: by name and namespace, or <c>service: "*"</c> for every service.</summary>
[ProtoJsonNames]
public sealed record QuotaBindingService
{
    public string? Name { get; init; }

    public string? Namespace { get; init; }

    public string? Domain { get; init; }

    public string? Service { get; init; }

    public ValueMap<string, string> Labels { get; init; }
}

/// <summary>A QuotaSpec by name and namespace (the binding's own when empty).</summary>
[ProtoJsonNames]
public sealed record QuotaSpecReference
{
    public string? Name { get; init; }

    public string? Namespace { get; init; }
}
