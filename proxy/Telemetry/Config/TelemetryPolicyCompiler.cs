using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Expressions;
using GatewayMesh.Proxy.Security;
using GatewayMesh.Proxy.Telemetry.Metrics;

namespace GatewayMesh.Proxy.Telemetry.Config;

/// <summary>
/// Resolves the Telemetry resources that reach one workload into its <see cref="TelemetryPolicy"/>, with Istio's
/// hierarchy: the root namespace's resource without a selector (mesh-wide), then the workload's namespace's without a
/// selector, then one whose selector matches the workload; at each level the oldest resource wins. More specific
/// levels override less specific ones field by field: access logging and sampling from the most specific level that
/// sets them, custom tags merged by name, metric overrides applied in order (mesh, namespace, workload). Pure.
/// </summary>
public static class TelemetryPolicyCompiler
{
    private static readonly string[] MetricsProviders = ["prometheus"];
    private static readonly string[] LogProviders = ["envoy", "envoy-json", "stdout"];

    public static TelemetryPolicy Compile(
        IEnumerable<ConfigResource> resources,
        string workloadNamespace,
        ValueMap<string, string> workloadLabels,
        TelemetryDefaults defaults,
        Func<string, string?>? environment = null)
    {
        var workload = new WorkloadScope(workloadNamespace, workloadLabels, defaults.RootNamespace);
        var levels = resources.OfType<Core.Config.Model.Telemetry>()
            .Select(t => (Resource: t, Scope: workload.ScopeOf(t.Metadata.Namespace, t.Spec.Selector)))
            .Where(t => t.Scope != PolicyScope.None && t.Resource.Spec.TargetRef is null && t.Resource.Spec.TargetRefs.IsEmpty)
            .GroupBy(t => t.Scope)
            .Select(g => (Scope: g.Key, Resource: g.Select(t => t.Resource).OrderBy(t => t, PolicyOrder.Oldest).First()))
            .OrderBy(t => t.Scope) // Mesh, Namespace, Workload: least specific first
            .Select(t => t.Resource)
            .ToList();
        if (levels.Count == 0)
        {
            return TelemetryPolicy.FromDefaults(defaults);
        }

        environment ??= Environment.GetEnvironmentVariable;
        return new TelemetryPolicy(Side(levels, WorkloadMode.Client, defaults, environment), Side(levels, WorkloadMode.Server, defaults, environment))
        {
            Sources = new ValueList<string>(levels.Select(l => $"{l.Metadata.Namespace}/{l.Metadata.Name}")),
            Encoding = defaults.AccessLogEncoding,
        };
    }

    private static SideTelemetry Side(List<Core.Config.Model.Telemetry> levels, WorkloadMode side, TelemetryDefaults defaults, Func<string, string?> environment)
    {
        var accessLog = defaults.AccessLog;
        CelProgram? filter = null;
        var sampling = defaults.SamplingPercentage;
        var disableSpans = false;
        var tags = new Dictionary<string, CustomTagSpec>(StringComparer.Ordinal);
        var metrics = StandardMetrics.All;
        var tagOperations = new Dictionary<StandardMetrics, List<TagOperationSpec>>();

        foreach (var level in levels)
        {
            if (level.Spec.AccessLogging.FirstOrDefault(a => Applies(a.Match?.Mode, side) && Serves(a.Providers, LogProviders)) is { } logging)
            {
                accessLog = logging.Disabled != true;
                filter = logging.Filter?.Expression is { } expression && CelProgram.TryCompile(expression, out var program, out _) ? program : null;
            }

            foreach (var tracing in level.Spec.Tracing.Where(t => Applies(t.Match?.Mode, side)))
            {
                sampling = tracing.RandomSamplingPercentage ?? sampling;
                disableSpans = tracing.DisableSpanReporting ?? disableSpans;
                foreach (var (name, tag) in tracing.CustomTags)
                {
                    if (CustomTag(name, tag, environment) is { } spec)
                    {
                        tags[name] = spec;
                    }
                }
            }

            foreach (var entry in level.Spec.Metrics.Where(m => Serves(m.Providers, MetricsProviders)))
            {
                foreach (var metricsOverride in entry.Overrides.Where(o => Applies(o.Match?.Mode, side) && o.Match?.CustomMetric is null))
                {
                    var selected = Selected(metricsOverride.Match?.Metric);
                    if (metricsOverride.Disabled is { } disabled)
                    {
                        metrics = disabled ? metrics & ~selected : metrics | selected;
                    }

                    AddTagOperations(tagOperations, selected, metricsOverride);
                }
            }
        }

        return new SideTelemetry
        {
            AccessLog = accessLog,
            AccessLogFilter = accessLog ? filter : null,
            SamplingPercentage = sampling,
            DisableSpanReporting = disableSpans,
            CustomTags = new ValueList<CustomTagSpec>(tags.Values.OrderBy(t => t.Name, StringComparer.Ordinal)),
            Metrics = metrics,
            Tags = tagOperations.Count == 0
                ? null
                : new TagShape(tagOperations.ToDictionary(p => p.Key, p => (IReadOnlyList<TagOperationSpec>)p.Value)),
        };
    }

    private static void AddTagOperations(Dictionary<StandardMetrics, List<TagOperationSpec>> operations, StandardMetrics selected, MetricsOverride metricsOverride)
    {
        foreach (var (tag, tagOverride) in metricsOverride.TagOverrides.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            CelProgram? value = null;
            if (tagOverride.Operation != TagOperation.Remove)
            {
                if (tagOverride.Value is null || !CelProgram.TryCompile(tagOverride.Value, out value, out _))
                {
                    continue; // validation refuses these; a snapshot never holds one
                }
            }

            foreach (var metric in IstioMetricNames.Each.Where(m => (selected & m) != 0))
            {
                if (!operations.TryGetValue(metric, out var list))
                {
                    list = [];
                    operations[metric] = list;
                }

                list.Add(new TagOperationSpec(tag, value));
            }
        }
    }

    private static StandardMetrics Selected(IstioMetric? metric) => metric switch
    {
        IstioMetric.RequestCount => StandardMetrics.RequestCount,
        IstioMetric.RequestDuration => StandardMetrics.RequestDuration,
        IstioMetric.RequestSize => StandardMetrics.RequestSize,
        IstioMetric.ResponseSize => StandardMetrics.ResponseSize,
        IstioMetric.TcpOpenedConnections => StandardMetrics.TcpOpenedConnections,
        IstioMetric.TcpClosedConnections => StandardMetrics.TcpClosedConnections,
        IstioMetric.TcpSentBytes => StandardMetrics.TcpSentBytes,
        IstioMetric.TcpReceivedBytes => StandardMetrics.TcpReceivedBytes,
        IstioMetric.GrpcRequestMessages or IstioMetric.GrpcResponseMessages => StandardMetrics.None,
        _ => StandardMetrics.All, // ALL_METRICS, or no metric named
    };

    private static CustomTagSpec? CustomTag(string name, TracingCustomTag tag, Func<string, string?> environment) => tag switch
    {
        { Literal.Value: { } value } => new CustomTagSpec(name, CustomTagSource.Literal, value, null),
        { Environment: { Name: { } variable } env } => new CustomTagSpec(name, CustomTagSource.Environment, environment(variable) ?? env.DefaultValue ?? "", null),
        { Header: { Name: { } header } h } => new CustomTagSpec(name, CustomTagSource.Header, header.ToLowerInvariant(), h.DefaultValue),
        _ => null,
    };

    private static bool Applies(WorkloadMode? mode, WorkloadMode side) =>
        mode is null or WorkloadMode.ClientAndServer || mode == side;

    /// <summary>An entry without providers uses the default provider, which this proxy serves; otherwise one of <paramref name="served"/> must be named.</summary>
    private static bool Serves(ValueList<TelemetryProviderRef> providers, string[] served) =>
        providers.IsEmpty || providers.Any(p => p.Name is { } name && served.Contains(name, StringComparer.OrdinalIgnoreCase));
}
