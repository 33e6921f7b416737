using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model.Mixer;

/// <summary>The <c>checknothing</c> template: an instance with no fields, for handlers that only need "this call".</summary>
[ProtoJsonNames]
public sealed record CheckNothingParams;

/// <summary>The <c>listentry</c> template: the value (an expression) a list checker looks up.</summary>
[ProtoJsonNames]
public sealed record ListEntryParams
{
    public string? Value { get; init; }
}

/// <summary>The <c>quota</c> template: the dimensions (expressions) that key a quota's counters.</summary>
[ProtoJsonNames]
public sealed record QuotaParams
{
    public ValueMap<string, string> Dimensions { get; init; }
}

/// <summary>The <c>metric</c> template: a value and its dimensions, all expressions.</summary>
[ProtoJsonNames]
public sealed record MetricParams
{
    public string? Value { get; init; }

    public ValueMap<string, string> Dimensions { get; init; }

    public string? MonitoredResourceType { get; init; }

    public ValueMap<string, string> MonitoredResourceDimensions { get; init; }
}

/// <summary>The <c>logentry</c> template: variables, timestamp and severity, all expressions.</summary>
[ProtoJsonNames]
public sealed record LogEntryParams
{
    public ValueMap<string, string> Variables { get; init; }

    public string? Timestamp { get; init; }

    public string? Severity { get; init; }

    public string? MonitoredResourceType { get; init; }

    public ValueMap<string, string> MonitoredResourceDimensions { get; init; }
}
