using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model;

/// <summary>
/// The spec of an Istio <c>Telemetry</c> (<c>telemetry.istio.io/v1</c>): metrics, access logging and tracing for the
/// workloads it selects (root namespace: the whole mesh; a namespace: its workloads; a selector: those workloads).
/// </summary>
public sealed record TelemetrySpec
{
    public WorkloadSelector? Selector { get; init; }

    public PolicyTargetReference? TargetRef { get; init; }

    public ValueList<PolicyTargetReference> TargetRefs { get; init; }

    public ValueList<TelemetryTracing> Tracing { get; init; }

    public ValueList<TelemetryMetrics> Metrics { get; init; }

    public ValueList<TelemetryAccessLogging> AccessLogging { get; init; }
}

/// <summary>Istio's <c>ProviderRef</c>: names a telemetry provider (<c>prometheus</c>, <c>envoy</c>, <c>otel</c>, ...).</summary>
public sealed record TelemetryProviderRef
{
    public string? Name { get; init; }
}

/// <summary>Istio's <c>WorkloadMode</c>: which side of a call a setting applies to.</summary>
[JsonConverter(typeof(MeshEnumConverter<WorkloadMode>))]
public enum WorkloadMode
{
    ClientAndServer = 0,
    Client = 1,
    Server = 2,
}

/// <summary>Istio's <c>Tracing.TracingSelector</c>.</summary>
public sealed record TelemetryModeMatch
{
    public WorkloadMode? Mode { get; init; }
}

/// <summary>Istio's <c>Tracing</c>: sampling and custom span tags.</summary>
public sealed record TelemetryTracing
{
    public TelemetryModeMatch? Match { get; init; }

    public ValueList<TelemetryProviderRef> Providers { get; init; }

    /// <summary>0.0 to 100.0; unset inherits from the wider scope, and finally from mesh config (1 %).</summary>
    public double? RandomSamplingPercentage { get; init; }

    public bool? DisableSpanReporting { get; init; }

    public bool? UseRequestIdForTraceSampling { get; init; }

    public ValueMap<string, TracingCustomTag> CustomTags { get; init; }
}

/// <summary>Istio's <c>Tracing.CustomTag</c>: exactly one of a literal, an environment variable or a request header.</summary>
public sealed record TracingCustomTag
{
    public TracingLiteral? Literal { get; init; }

    public TracingEnvironment? Environment { get; init; }

    public TracingRequestHeader? Header { get; init; }
}

public sealed record TracingLiteral
{
    public string? Value { get; init; }
}

public sealed record TracingEnvironment
{
    public string? Name { get; init; }

    public string? DefaultValue { get; init; }
}

public sealed record TracingRequestHeader
{
    public string? Name { get; init; }

    public string? DefaultValue { get; init; }
}

/// <summary>Istio's <c>Metrics</c>: per provider, overrides of the standard metrics.</summary>
public sealed record TelemetryMetrics
{
    public ValueList<TelemetryProviderRef> Providers { get; init; }

    public ValueList<MetricsOverride> Overrides { get; init; }

    public MeshDuration? ReportingInterval { get; init; }
}

/// <summary>Istio's <c>MetricsOverrides</c>: disable a metric, or add, change or remove its tags (labels).</summary>
public sealed record MetricsOverride
{
    public MetricSelector? Match { get; init; }

    public bool? Disabled { get; init; }

    public ValueMap<string, MetricTagOverride> TagOverrides { get; init; }
}

/// <summary>Istio's <c>MetricSelector</c>: one standard metric (or all) on the client, server or both sides.</summary>
public sealed record MetricSelector
{
    public IstioMetric? Metric { get; init; }

    public string? CustomMetric { get; init; }

    public WorkloadMode? Mode { get; init; }
}

/// <summary>Istio's <c>MetricSelector.IstioMetric</c>.</summary>
[JsonConverter(typeof(MeshEnumConverter<IstioMetric>))]
public enum IstioMetric
{
    AllMetrics = 0,
    RequestCount = 1,
    RequestDuration = 2,
    RequestSize = 3,
    ResponseSize = 4,
    TcpOpenedConnections = 5,
    TcpClosedConnections = 6,
    TcpSentBytes = 7,
    TcpReceivedBytes = 8,
    GrpcRequestMessages = 9,
    GrpcResponseMessages = 10,
}

/// <summary>Istio's <c>MetricsOverrides.TagOverride</c>: <c>UPSERT</c> a tag to an expression's value, or <c>REMOVE</c> it.</summary>
public sealed record MetricTagOverride
{
    public TagOperation? Operation { get; init; }

    /// <summary>A CEL expression (<c>request.host</c>, <c>'literal'</c>, <c>string(destination.port)</c>).</summary>
    public string? Value { get; init; }
}

/// <summary>Istio's <c>MetricsOverrides.TagOverride.Operation</c>.</summary>
[JsonConverter(typeof(MeshEnumConverter<TagOperation>))]
public enum TagOperation
{
    Upsert = 0,
    Remove = 1,
}

/// <summary>Istio's <c>AccessLogging</c>: on or off per provider and side, with an optional filter.</summary>
public sealed record TelemetryAccessLogging
{
    public TelemetryModeMatch? Match { get; init; }

    public ValueList<TelemetryProviderRef> Providers { get; init; }

    public bool? Disabled { get; init; }

    public AccessLogFilter? Filter { get; init; }
}

/// <summary>Istio's <c>AccessLogging.Filter</c>: a CEL expression; a request is logged when it is true.</summary>
public sealed record AccessLogFilter
{
    public string? Expression { get; init; }
}
