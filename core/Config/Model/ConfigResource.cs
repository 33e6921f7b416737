using System.Text.Json.Serialization;

namespace GatewayMesh.Core.Config.Model;

/// <summary>
/// One Istio config resource as a user writes it: apiVersion, kind, metadata and a typed spec.
/// Each kind is a sealed record deriving from this one; value equality covers the whole tree.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(Gateway), "Gateway")]
[JsonDerivedType(typeof(VirtualService), "VirtualService")]
[JsonDerivedType(typeof(DestinationRule), "DestinationRule")]
[JsonDerivedType(typeof(ServiceEntry), "ServiceEntry")]
[JsonDerivedType(typeof(PeerAuthentication), "PeerAuthentication")]
[JsonDerivedType(typeof(AuthorizationPolicy), "AuthorizationPolicy")]
[JsonDerivedType(typeof(Telemetry), "Telemetry")] // observability (issue 13)
public abstract record ConfigResource
{
    [JsonPropertyOrder(-2)]
    public string ApiVersion { get; init; } = "";

    [JsonPropertyOrder(-1)]
    public ResourceMetadata Metadata { get; init; } = new();

    [JsonIgnore]
    public abstract string Kind { get; }

    [JsonIgnore]
    public ResourceKey Key => new(Kind, Metadata.Namespace, Metadata.Name);

    /// <summary>Returns a copy carrying the given resource version.</summary>
    public ConfigResource WithResourceVersion(string? resourceVersion) =>
        this with { Metadata = Metadata with { ResourceVersion = resourceVersion } };
}

/// <summary>A config resource of a known kind with its typed spec.</summary>
public abstract record ConfigResource<TSpec> : ConfigResource
    where TSpec : class, new()
{
    [JsonPropertyOrder(1)]
    public TSpec Spec { get; init; } = new();
}

public sealed record Gateway : ConfigResource<GatewaySpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.Gateway;
}

public sealed record VirtualService : ConfigResource<VirtualServiceSpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.VirtualService;
}

public sealed record DestinationRule : ConfigResource<DestinationRuleSpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.DestinationRule;
}

public sealed record ServiceEntry : ConfigResource<ServiceEntrySpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.ServiceEntry;
}

public sealed record PeerAuthentication : ConfigResource<PeerAuthenticationSpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.PeerAuthentication;
}

public sealed record AuthorizationPolicy : ConfigResource<AuthorizationPolicySpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.AuthorizationPolicy;
}

/// <summary>Istio's <c>Telemetry</c> (<c>telemetry.istio.io/v1</c>): metrics overrides, access logging and tracing.</summary>
public sealed record Telemetry : ConfigResource<TelemetrySpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.Telemetry;
}
