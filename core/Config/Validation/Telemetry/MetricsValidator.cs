using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Telemetry;

/// <summary><c>metrics[]</c>: overrides name one metric (standard or custom), tags are Prometheus label names, UPSERT values compile.</summary>
internal static class MetricsValidator
{
    public const int MaxTagOverrides = 32;

    public static void Validate(ValidationContext context, string path, TelemetryMetrics metrics)
    {
        TelemetryValidation.Providers(context, path, metrics.Providers);
        DurationRules.AtLeastOneMillisecond(context, $"{path}.reportingInterval", metrics.ReportingInterval);
        for (var i = 0; i < metrics.Overrides.Count; i++)
        {
            Override(context, $"{path}.overrides[{i}]", metrics.Overrides[i]);
        }
    }

    private static void Override(ValidationContext context, string path, MetricsOverride metricsOverride)
    {
        if (metricsOverride.Match is { Metric: not null, CustomMetric: not null })
        {
            context.Add($"{path}.match", "set metric or customMetric, not both");
        }

        if (metricsOverride.TagOverrides.Count > MaxTagOverrides)
        {
            context.Add($"{path}.tagOverrides", $"at most {MaxTagOverrides} tag overrides, got {metricsOverride.TagOverrides.Count}");
        }

        foreach (var (tag, tagOverride) in metricsOverride.TagOverrides)
        {
            var tagPath = $"{path}.tagOverrides[{tag}]";
            if (!IsLabelName(tag))
            {
                context.Add(tagPath, $"invalid tag name \"{Shorten(tag)}\": a Prometheus label name is [a-zA-Z_][a-zA-Z0-9_]* and does not start with __");
            }

            if (tagOverride.Operation is null or TagOperation.Upsert)
            {
                if (string.IsNullOrWhiteSpace(tagOverride.Value))
                {
                    context.Add($"{tagPath}.value", "UPSERT needs a value expression");
                }
                else
                {
                    TelemetryValidation.Expression(context, $"{tagPath}.value", tagOverride.Value);
                }
            }
            else if (!string.IsNullOrEmpty(tagOverride.Value))
            {
                context.Add($"{tagPath}.value", "REMOVE takes no value");
            }
        }
    }

    public static bool IsLabelName(string name)
    {
        if (name.Length is 0 or > 128 || name.StartsWith("__", StringComparison.Ordinal) || char.IsAsciiDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
