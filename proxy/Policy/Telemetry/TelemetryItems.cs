using GatewayMesh.Core.Config.Model.Mixer;

namespace GatewayMesh.Proxy.Policy.Telemetry;

/// <summary>What a call produced for Mixer's telemetry adapters, copied out of the request (which is pooled) for the background writer.</summary>
public abstract record TelemetryItem(CompiledReports Config);

/// <summary>A metric value with its label values, in the order of the definition's label names.</summary>
public sealed record MetricItem(CompiledReports Config, MetricDefinition Metric, double Value, string[] Labels) : TelemetryItem(Config);

/// <summary>A log line: its level, time, instance and variables (values: string, long, double, bool, TimeSpan, DateTimeOffset).</summary>
public sealed record LogItem(CompiledReports Config, StdioSink Sink, StdioLevel Level, DateTimeOffset Time, string Instance, KeyValuePair<string, object?>[] Variables)
    : TelemetryItem(Config);
