using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Telemetry;

/// <summary><c>tracing[]</c>: sampling between 0 and 100, custom tags with exactly one source each.</summary>
internal static class TracingValidator
{
    public const int MaxCustomTags = 64;

    public static void Validate(ValidationContext context, string path, TelemetryTracing tracing)
    {
        TelemetryValidation.Providers(context, path, tracing.Providers);
        NumberRules.Percentage(context, $"{path}.randomSamplingPercentage", tracing.RandomSamplingPercentage);
        if (tracing.CustomTags.Count > MaxCustomTags)
        {
            context.Add($"{path}.customTags", $"at most {MaxCustomTags} custom tags, got {tracing.CustomTags.Count}");
        }

        foreach (var (name, tag) in tracing.CustomTags)
        {
            var tagPath = $"{path}.customTags[{name}]";
            if (string.IsNullOrWhiteSpace(name))
            {
                context.Add(tagPath, "tag name must not be empty");
            }

            var sources = (tag.Literal is null ? 0 : 1) + (tag.Environment is null ? 0 : 1) + (tag.Header is null ? 0 : 1);
            if (sources != 1)
            {
                context.Add(tagPath, $"set exactly one of literal, environment or header, got {sources}");
            }

            if (tag.Literal is { Value: null })
            {
                context.Add($"{tagPath}.literal.value", "value is required");
            }

            if (tag.Environment is { } environment && string.IsNullOrWhiteSpace(environment.Name))
            {
                context.Add($"{tagPath}.environment.name", "environment variable name is required");
            }

            if (tag.Header is { } header)
            {
                if (string.IsNullOrWhiteSpace(header.Name))
                {
                    context.Add($"{tagPath}.header.name", "header name is required");
                }
                else
                {
                    HeaderRules.Name(context, $"{tagPath}.header.name", header.Name);
                }
            }
        }
    }
}
