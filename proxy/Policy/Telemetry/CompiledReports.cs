using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Core.Mixer.Expressions;

namespace GatewayMesh.Proxy.Policy.Telemetry;

/// <summary>The telemetry side of a proxy's Mixer rules: which metric and logentry instances each call produces.</summary>
public sealed class CompiledReports(IReadOnlyList<ReportRule> rules, IReadOnlyList<MetricDefinition> metrics)
{
    public static CompiledReports Empty { get; } = new([], []);

    public IReadOnlyList<ReportRule> Rules { get; } = rules;

    /// <summary>Every Prometheus metric the rules feed: the instruments the proxy serves for this config.</summary>
    public IReadOnlyList<MetricDefinition> Metrics { get; } = metrics;

    public bool IsEmpty => Rules.Count == 0;
}

/// <summary>A rule's report side: scope, match and report actions.</summary>
public sealed class ReportRule(string? @namespace, CexlExpression? match, IReadOnlyList<ReportAction> actions)
{
    public string? Namespace { get; } = @namespace;

    public IReadOnlyList<ReportAction> Actions { get; } = actions;

    public bool Matches(IAttributeBag bag) => match is null || (match.TryEvalBool(bag, out var value) && value);
}

/// <summary>One metric or log instance sent to one handler.</summary>
public abstract class ReportAction;

/// <summary>A <c>metric</c> instance for a <c>prometheus</c> handler: a value and one expression per label.</summary>
public sealed class MetricReport(MetricDefinition metric, CexlExpression value, IReadOnlyList<CexlExpression> labels) : ReportAction
{
    public MetricDefinition Metric { get; } = metric;

    public CexlExpression Value { get; } = value;

    /// <summary>In the order of <see cref="MetricDefinition.LabelNames"/>.</summary>
    public IReadOnlyList<CexlExpression> Labels { get; } = labels;
}

/// <summary>A Prometheus metric of a prometheus handler: full name, kind, help, labels and (distributions) bucket bounds.</summary>
public sealed record MetricDefinition(string Name, PrometheusMetricKind Kind, string? Description, IReadOnlyList<string> LabelNames, IReadOnlyList<double>? Bounds)
{
    public bool Equals(MetricDefinition? other) =>
        other is not null && Name == other.Name && Kind == other.Kind && Description == other.Description &&
        LabelNames.SequenceEqual(other.LabelNames) && (Bounds ?? []).SequenceEqual(other.Bounds ?? []);

    public override int GetHashCode() => HashCode.Combine(Name, Kind, LabelNames.Count);
}

/// <summary>
/// A <c>logentry</c> (or a <c>metric</c>) instance for a <c>stdio</c> handler: its variables, severity and timestamp,
/// and where and at which level the handler writes.
/// </summary>
public sealed class LogReport(
    string instance,
    StdioSink sink,
    IReadOnlyList<(string Name, CexlExpression Value)> variables,
    CexlExpression? severity,
    CexlExpression? timestamp,
    bool isMetric) : ReportAction
{
    public string Instance { get; } = instance;

    public StdioSink Sink { get; } = sink;

    public IReadOnlyList<(string Name, CexlExpression Value)> Variables { get; } = variables;

    public CexlExpression? Severity { get; } = severity;

    public CexlExpression? Timestamp { get; } = timestamp;

    /// <summary>A metric instance logged by stdio: written at the handler's metric level.</summary>
    public bool IsMetric { get; } = isMetric;
}

/// <summary>How a stdio handler writes: stream, JSON or console form, the level below which it drops lines, and severity names.</summary>
public sealed record StdioSink(bool StandardError, bool Json, StdioLevel OutputLevel, StdioLevel MetricLevel, IReadOnlyDictionary<string, StdioLevel> Severities)
{
    /// <summary>Mixer's default severity names (used for any name the handler does not map).</summary>
    public static readonly IReadOnlyDictionary<string, StdioLevel> DefaultSeverities = new Dictionary<string, StdioLevel>(StringComparer.Ordinal)
    {
        ["INFORMATIONAL"] = StdioLevel.Info, ["informational"] = StdioLevel.Info, ["INFO"] = StdioLevel.Info, ["info"] = StdioLevel.Info,
        ["WARNING"] = StdioLevel.Warning, ["warning"] = StdioLevel.Warning, ["WARN"] = StdioLevel.Warning, ["warn"] = StdioLevel.Warning,
        ["ERROR"] = StdioLevel.Error, ["error"] = StdioLevel.Error, ["ERR"] = StdioLevel.Error, ["err"] = StdioLevel.Error,
        ["FATAL"] = StdioLevel.Error, ["fatal"] = StdioLevel.Error,
    };

    public StdioLevel LevelOf(string? severity) =>
        severity is null ? StdioLevel.Info
        : Severities.TryGetValue(severity, out var level) ? level
        : DefaultSeverities.TryGetValue(severity, out level) ? level
        : StdioLevel.Info;
}
