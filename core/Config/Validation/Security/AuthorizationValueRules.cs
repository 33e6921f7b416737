namespace GatewayMesh.Core.Config.Validation.Security;

/// <summary>Values in authorization rules: never empty; a '*' at most once, as a prefix or a suffix.</summary>
internal static class AuthorizationValueRules
{
    public static void Values(ValidationContext context, string path, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (Error(values[i]) is { } error)
            {
                context.Add($"{path}[{i}]", error);
            }
        }
    }

    public static void NonEmpty(ValidationContext context, string path, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Length == 0)
            {
                context.Add($"{path}[{i}]", "value must not be empty");
            }
        }
    }

    private static string? Error(string value)
    {
        if (value.Length == 0)
        {
            return "value must not be empty";
        }

        var stars = value.Count(c => c == '*');
        var placed = !value.Contains('*', StringComparison.Ordinal) || value.StartsWith('*') || value.EndsWith('*');
        return stars <= 1 && placed
            ? null
            : $"invalid value \"{value}\": '*' is allowed once, as a prefix or a suffix";
    }
}
