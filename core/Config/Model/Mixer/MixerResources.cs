using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model.Mixer;

/// <summary>The role a Mixer kind plays when rules name it.</summary>
[JsonConverter(typeof(MeshEnumConverter<MixerRole>))]
public enum MixerRole
{
    /// <summary>Not referenced by rules (<c>rule</c>, <c>QuotaSpec</c>, <c>QuotaSpecBinding</c>).</summary>
    None,

    /// <summary>A handler: the generic <c>handler</c>, or an adapter kind (<c>denier</c>, <c>memquota</c>, ...).</summary>
    Handler,

    /// <summary>An instance: the generic <c>instance</c>, or a template kind (<c>checknothing</c>, <c>quota</c>, ...).</summary>
    Instance,
}

/// <summary>A Mixer resource of <c>config.istio.io/v1alpha2</c>.</summary>
public interface IMixerResource
{
    MixerRole Role { get; }
}

public sealed record MixerHandler : ConfigResource<HandlerSpec>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.MixerHandler;

    [JsonIgnore]
    public MixerRole Role => MixerRole.Handler;
}

public sealed record MixerInstance : ConfigResource<InstanceSpec>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.MixerInstance;

    [JsonIgnore]
    public MixerRole Role => MixerRole.Instance;
}

public sealed record MixerRule : ConfigResource<RuleSpec>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.MixerRule;

    [JsonIgnore]
    public MixerRole Role => MixerRole.None;
}

public sealed record DenierHandler : ConfigResource<DenierParams>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.Denier;

    [JsonIgnore]
    public MixerRole Role => MixerRole.Handler;
}

public sealed record ListCheckerHandler : ConfigResource<ListCheckerParams>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.ListChecker;

    [JsonIgnore]
    public MixerRole Role => MixerRole.Handler;
}

public sealed record MemQuotaHandler : ConfigResource<MemQuotaParams>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.MemQuota;

    [JsonIgnore]
    public MixerRole Role => MixerRole.Handler;
}

public sealed record RedisQuotaHandler : ConfigResource<RedisQuotaParams>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.RedisQuota;

    [JsonIgnore]
    public MixerRole Role => MixerRole.Handler;
}

public sealed record PrometheusHandler : ConfigResource<PrometheusParams>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.Prometheus;

    [JsonIgnore]
    public MixerRole Role => MixerRole.Handler;
}

public sealed record StdioHandler : ConfigResource<StdioParams>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.Stdio;

    [JsonIgnore]
    public MixerRole Role => MixerRole.Handler;
}

public sealed record CheckNothingInstance : ConfigResource<CheckNothingParams>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.CheckNothing;

    [JsonIgnore]
    public MixerRole Role => MixerRole.Instance;
}

public sealed record ListEntryInstance : ConfigResource<ListEntryParams>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.ListEntry;

    [JsonIgnore]
    public MixerRole Role => MixerRole.Instance;
}

public sealed record QuotaInstance : ConfigResource<QuotaParams>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.Quota;

    [JsonIgnore]
    public MixerRole Role => MixerRole.Instance;
}

public sealed record MetricInstance : ConfigResource<MetricParams>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.Metric;

    [JsonIgnore]
    public MixerRole Role => MixerRole.Instance;
}

public sealed record LogEntryInstance : ConfigResource<LogEntryParams>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.LogEntry;

    [JsonIgnore]
    public MixerRole Role => MixerRole.Instance;
}

public sealed record QuotaSpec : ConfigResource<QuotaSpecSpec>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.QuotaSpec;

    [JsonIgnore]
    public MixerRole Role => MixerRole.None;
}

public sealed record QuotaSpecBinding : ConfigResource<QuotaSpecBindingSpec>, IMixerResource
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.QuotaSpecBinding;

    [JsonIgnore]
    public MixerRole Role => MixerRole.None;
}
