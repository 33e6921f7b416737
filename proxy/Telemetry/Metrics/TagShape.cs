using GatewayMesh.Core.Expressions;
using GatewayMesh.Proxy.Pipeline;

namespace GatewayMesh.Proxy.Telemetry.Metrics;

/// <summary>
/// What Telemetry <c>tagOverrides</c> do to the labels of each metric on one side: labels removed, and labels set
/// (added, or replacing a standard one) to an expression's value. The distinct expressions are evaluated once per
/// request into an array (<see cref="Expressions"/> order) that becomes part of the edge key. Built when a Telemetry
/// config is compiled; compared by reference.
/// </summary>
public sealed class TagShape
{
    public TagShape(IReadOnlyDictionary<StandardMetrics, IReadOnlyList<TagOperationSpec>> operations)
    {
        var expressions = new List<CelProgram>();
        var perMetric = new Dictionary<StandardMetrics, MetricTags>();
        foreach (var (metric, list) in operations)
        {
            var removed = new HashSet<string>(StringComparer.Ordinal);
            var upserts = new List<(string Label, int Index)>();
            foreach (var operation in list)
            {
                upserts.RemoveAll(u => u.Label == operation.Label);
                if (operation.Value is null)
                {
                    removed.Add(operation.Label);
                    continue;
                }

                removed.Remove(operation.Label);
                var index = expressions.IndexOf(operation.Value);
                if (index < 0)
                {
                    expressions.Add(operation.Value);
                    index = expressions.Count - 1;
                }

                upserts.Add((operation.Label, index));
            }

            perMetric[metric] = new MetricTags(removed, upserts);
        }

        Expressions = expressions;
        PerMetric = perMetric;
    }

    public IReadOnlyList<CelProgram> Expressions { get; }

    public IReadOnlyDictionary<StandardMetrics, MetricTags> PerMetric { get; }

    /// <summary>The label changes for one metric; none when it has no overrides.</summary>
    public MetricTags For(StandardMetrics metric) => PerMetric.TryGetValue(metric, out var tags) ? tags : MetricTags.Unchanged;

    /// <summary>Evaluates the override expressions for one request (an error or null value becomes <c>unknown</c>).</summary>
    public string[] Evaluate(ICelActivation activation)
    {
        var values = new string[Expressions.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var text = Expressions[i].Evaluate(activation).ToText();
            values[i] = text is null or "null" ? WorkloadInfo.Unknown : WorkloadInfo.Clean(text);
        }

        return values;
    }
}

/// <summary>One override in the order the Telemetry hierarchy applies them: set <see cref="Label"/> to <see cref="Value"/>, or remove it (null).</summary>
public sealed record TagOperationSpec(string Label, CelProgram? Value);

/// <summary>The label changes of one metric: removed names, and (name, index into the request's override values) to set.</summary>
public sealed record MetricTags(IReadOnlySet<string> Removed, IReadOnlyList<(string Label, int Index)> Upserts)
{
    public static MetricTags Unchanged { get; } = new(new HashSet<string>(), []);
}
