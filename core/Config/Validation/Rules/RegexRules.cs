namespace GatewayMesh.Core.Config.Validation.Rules;

/// <summary>User regexes are checked exactly as the data plane compiles them (<see cref="MeshRegex"/>).</summary>
internal static class RegexRules
{
    public static void Validate(ValidationContext context, string path, string? pattern)
    {
        if (pattern is not null && MeshRegex.Validate(pattern) is { } error)
        {
            context.Add(path, error);
        }
    }
}
