using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model.Mixer;

/// <summary>The <c>prometheus</c> adapter's params: one metric per <c>metric</c> instance it receives.</summary>
[ProtoJsonNames]
public sealed record PrometheusParams
{
    public ValueList<PrometheusMetricInfo> Metrics { get; init; }

    public UntypedValue? MetricsExpirationPolicy { get; init; }
}

/// <summary>One Prometheus metric: its name, the instance that feeds it, its kind, labels and buckets.</summary>
[ProtoJsonNames]
public sealed record PrometheusMetricInfo
{
    public string? Namespace { get; init; }

    public string? Name { get; init; }

    public string? InstanceName { get; init; }

    public string? Description { get; init; }

    public PrometheusMetricKind? Kind { get; init; }

    public PrometheusBuckets? Buckets { get; init; }

    public ValueList<string> LabelNames { get; init; }
}

/// <summary><c>MetricInfo.Kind</c>.</summary>
[ProtoEnum]
[JsonConverter(typeof(MeshEnumConverter<PrometheusMetricKind>))]
public enum PrometheusMetricKind
{
    Unspecified = 0,
    Gauge = 1,
    Counter = 2,
    Distribution = 3,
}

/// <summary>A distribution's buckets: exactly one of the three forms.</summary>
[ProtoJsonNames]
public sealed record PrometheusBuckets
{
    public LinearBuckets? LinearBuckets { get; init; }

    public ExponentialBuckets? ExponentialBuckets { get; init; }

    public ExplicitBuckets? ExplicitBuckets { get; init; }
}

[ProtoJsonNames]
public sealed record LinearBuckets
{
    public int? NumFiniteBuckets { get; init; }

    public double? Width { get; init; }

    public double? Offset { get; init; }
}

[ProtoJsonNames]
public sealed record ExponentialBuckets
{
    public int? NumFiniteBuckets { get; init; }

    public double? GrowthFactor { get; init; }

    public double? Scale { get; init; }
}

[ProtoJsonNames]
public sealed record ExplicitBuckets
{
    public ValueList<double> Bounds { get; init; }
}

/// <summary>The <c>stdio</c> adapter's params: log entries as lines on the proxy's standard output or error.</summary>
[ProtoJsonNames]
public sealed record StdioParams
{
    public StdioStream? LogStream { get; init; }

    public ValueMap<string, StdioLevel> SeverityLevels { get; init; }

    public StdioLevel? MetricLevel { get; init; }

    public bool? OutputAsJson { get; init; }

    public StdioLevel? OutputLevel { get; init; }

    public string? OutputPath { get; init; }

    public int? MaxMegabytesBeforeRotation { get; init; }

    public int? MaxDaysBeforeRotation { get; init; }

    public int? MaxRotatedFiles { get; init; }
}

/// <summary><c>Params.Stream</c>.</summary>
[ProtoEnum]
[JsonConverter(typeof(MeshEnumConverter<StdioStream>))]
public enum StdioStream
{
    Stdout = 0,
    Stderr = 1,
    File = 2,
    RotatedFile = 3,
}

/// <summary><c>Params.Level</c>.</summary>
[ProtoEnum]
[JsonConverter(typeof(MeshEnumConverter<StdioLevel>))]
public enum StdioLevel
{
    Info = 0,
    Warning = 1,
    Error = 2,
}
