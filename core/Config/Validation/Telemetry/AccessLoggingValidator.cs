using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.Telemetry;

/// <summary><c>accessLogging[]</c>: providers named, and the filter expression compiles.</summary>
internal static class AccessLoggingValidator
{
    public static void Validate(ValidationContext context, string path, TelemetryAccessLogging accessLogging)
    {
        TelemetryValidation.Providers(context, path, accessLogging.Providers);
        if (accessLogging.Filter is { } filter)
        {
            if (string.IsNullOrWhiteSpace(filter.Expression))
            {
                context.Add($"{path}.filter.expression", "expression is required");
            }
            else
            {
                TelemetryValidation.Expression(context, $"{path}.filter.expression", filter.Expression);
            }
        }
    }
}
