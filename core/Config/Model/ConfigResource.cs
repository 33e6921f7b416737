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
// --- config fidelity (issue 12) ---
[JsonDerivedType(typeof(Sidecar), "Sidecar")]
[JsonDerivedType(typeof(WorkloadEntry), "WorkloadEntry")]
[JsonDerivedType(typeof(WorkloadGroup), "WorkloadGroup")]
[JsonDerivedType(typeof(ProxyConfig), "ProxyConfig")]
[JsonDerivedType(typeof(RequestAuthentication), "RequestAuthentication")]
[JsonDerivedType(typeof(Legacy.RouteRule), "RouteRule")]
[JsonDerivedType(typeof(Legacy.DestinationPolicy), "DestinationPolicy")]
[JsonDerivedType(typeof(Legacy.EgressRule), "EgressRule")]
[JsonDerivedType(typeof(RemoteJwks), "RemoteJwks")]
// --- end config fidelity ---
[JsonDerivedType(typeof(Dapr.DaprComponent), "Component")] // Dapr (issue 14)
[JsonDerivedType(typeof(Dapr.DaprSubscription), "Subscription")]
// --- policy (issue 17) ---
[JsonDerivedType(typeof(Mixer.MixerHandler), "handler")]
[JsonDerivedType(typeof(Mixer.MixerInstance), "instance")]
[JsonDerivedType(typeof(Mixer.MixerRule), "rule")]
[JsonDerivedType(typeof(Mixer.DenierHandler), "denier")]
[JsonDerivedType(typeof(Mixer.ListCheckerHandler), "listchecker")]
[JsonDerivedType(typeof(Mixer.MemQuotaHandler), "memquota")]
[JsonDerivedType(typeof(Mixer.RedisQuotaHandler), "redisquota")]
[JsonDerivedType(typeof(Mixer.PrometheusHandler), "prometheus")]
[JsonDerivedType(typeof(Mixer.StdioHandler), "stdio")]
[JsonDerivedType(typeof(Mixer.CheckNothingInstance), "checknothing")]
[JsonDerivedType(typeof(Mixer.ListEntryInstance), "listentry")]
[JsonDerivedType(typeof(Mixer.QuotaInstance), "quota")]
[JsonDerivedType(typeof(Mixer.MetricInstance), "metric")]
[JsonDerivedType(typeof(Mixer.LogEntryInstance), "logentry")]
[JsonDerivedType(typeof(Mixer.QuotaSpec), "QuotaSpec")]
[JsonDerivedType(typeof(Mixer.QuotaSpecBinding), "QuotaSpecBinding")]
[JsonDerivedType(typeof(Policy.RateLimit), "RateLimit")]
[JsonDerivedType(typeof(Policy.FetchedList), "FetchedList")]
[JsonDerivedType(typeof(Policy.MeshConfig), "MeshConfig")]
// --- end policy ---
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
// --- config fidelity (issue 12) ---
public sealed record Sidecar : ConfigResource<SidecarSpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.Sidecar;
}

public sealed record WorkloadEntry : ConfigResource<WorkloadEntrySpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.WorkloadEntry;

    /// <summary>The control plane's view (the <c>Healthy</c> condition of an auto-registered member); never from user YAML.</summary>
    [JsonPropertyOrder(2)]
    public WorkloadEntryStatus? Status { get; init; }
}

public sealed record WorkloadGroup : ConfigResource<WorkloadGroupSpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.WorkloadGroup;
}

public sealed record ProxyConfig : ConfigResource<ProxyConfigSpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.ProxyConfig;
}

public sealed record RequestAuthentication : ConfigResource<RequestAuthenticationSpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.RequestAuthentication;
}

/// <summary>Written by the registry only: the key set it fetched for a <c>jwksUri</c>.</summary>
public sealed record RemoteJwks : ConfigResource<RemoteJwksSpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.RemoteJwks;
}
// --- end config fidelity ---
