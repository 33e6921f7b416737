using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.Rules;

/// <summary>Istio's StringMatch: exactly one of exact, prefix or regex (header presence matches may set none).</summary>
internal static class StringMatchRules
{
    public static void Validate(ValidationContext context, string path, StringMatch? match, bool allowEmpty = false)
    {
        if (match is null)
        {
            return;
        }

        var set = new List<string>(3);
        if (match.Exact is not null)
        {
            set.Add("exact");
        }

        if (match.Prefix is not null)
        {
            set.Add("prefix");
        }

        if (match.Regex is not null)
        {
            set.Add("regex");
        }

        if (set.Count == 0 && !allowEmpty)
        {
            context.Add(path, "set exactly one of exact, prefix or regex");
        }
        else if (set.Count > 1)
        {
            context.Add(path, $"set exactly one of exact, prefix or regex, got {string.Join(" and ", set)}");
        }

        RegexRules.Validate(context, $"{path}.regex", match.Regex);
    }

    /// <summary>A URI match: exact and prefix values are paths, so they start with '/'.</summary>
    public static void ValidateUri(ValidationContext context, string path, StringMatch? match)
    {
        Validate(context, path, match);
        if (match?.Exact is { } exact && !exact.StartsWith('/'))
        {
            context.Add($"{path}.exact", $"uri must start with '/', got \"{exact}\"");
        }

        if (match?.Prefix is { } prefix && !prefix.StartsWith('/'))
        {
            context.Add($"{path}.prefix", $"uri prefix must start with '/', got \"{prefix}\"");
        }
    }
}
