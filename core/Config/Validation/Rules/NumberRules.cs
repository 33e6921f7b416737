using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.Rules;

/// <summary>Range checks for ports, percentages, counts and HTTP statuses.</summary>
internal static class NumberRules
{
    public static bool IsPort(int value) => value is >= 1 and <= 65535;

    /// <summary>A port given as a number; null means unset and passes.</summary>
    public static void Port(ValidationContext context, string path, int? port)
    {
        if (port is { } value && !IsPort(value))
        {
            context.Add(path, $"port must be between 1 and 65535, got {value}");
        }
    }

    /// <summary>A required port number.</summary>
    public static void RequiredPort(ValidationContext context, string path, int? port)
    {
        if (port is null)
        {
            context.Add(path, "port number is required");
        }

        Port(context, path, port);
    }

    public static void Percentage(ValidationContext context, string path, Percent? percent)
    {
        if (percent is not null)
        {
            Percentage(context, $"{path}.value", percent.Value);
        }
    }

    public static void Percentage(ValidationContext context, string path, double? value)
    {
        if (value is { } v && (double.IsNaN(v) || v < 0 || v > 100))
        {
            context.Add(path, $"percentage must be between 0 and 100, got {v}");
        }
    }

    public static void Between(ValidationContext context, string path, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            context.Add(path, $"must be between {min} and {max}, got {v}");
        }
    }

    public static void AtLeast(ValidationContext context, string path, long? value, long min)
    {
        if (value is { } v && v < min)
        {
            context.Add(path, min == 0 ? $"must not be negative, got {v}" : $"must be at least {min}, got {v}");
        }
    }
}
