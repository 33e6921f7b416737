using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Telemetry;

/// <summary>A <c>Telemetry</c>: its target (selector or targetRef(s), not both), then tracing, metrics and access logging.</summary>
internal static class TelemetryValidation
{
    public static void Validate(ValidationContext context, Model.Telemetry resource)
    {
        var spec = resource.Spec;
        if (spec.Selector is not null && (spec.TargetRef is not null || !spec.TargetRefs.IsEmpty))
        {
            context.Add("spec", "set selector or targetRef/targetRefs, not both");
        }

        if (spec.TargetRef is not null && !spec.TargetRefs.IsEmpty)
        {
            context.Add("spec", "set targetRef or targetRefs, not both");
        }

        if (spec.Selector is { } selector)
        {
            LabelRules.ValidateLabels(context, "spec.selector.matchLabels", selector.MatchLabels);
        }

        for (var i = 0; i < spec.Tracing.Count; i++)
        {
            TracingValidator.Validate(context, $"spec.tracing[{i}]", spec.Tracing[i]);
        }

        for (var i = 0; i < spec.Metrics.Count; i++)
        {
            MetricsValidator.Validate(context, $"spec.metrics[{i}]", spec.Metrics[i]);
        }

        for (var i = 0; i < spec.AccessLogging.Count; i++)
        {
            AccessLoggingValidator.Validate(context, $"spec.accessLogging[{i}]", spec.AccessLogging[i]);
        }
    }

    /// <summary>Each provider reference names a provider.</summary>
    public static void Providers(ValidationContext context, string path, IReadOnlyList<TelemetryProviderRef> providers)
    {
        for (var i = 0; i < providers.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(providers[i].Name))
            {
                context.Add($"{path}.providers[{i}].name", "provider name is required");
            }
        }
    }

    /// <summary>Compiles a CEL expression the way the proxies will, reporting each problem at <paramref name="path"/>.</summary>
    public static void Expression(ValidationContext context, string path, string? expression)
    {
        if (expression is null)
        {
            return;
        }

        if (!Expressions.CelProgram.TryCompile(expression, out _, out var errors))
        {
            foreach (var error in errors)
            {
                context.Add(path, $"invalid expression: {error}");
            }
        }
    }
}
