namespace GatewayMesh.Core.Config.Validation.Rules;

/// <summary>exportTo entries: "." (own namespace), "*" (all), "~" (none) or a namespace name.</summary>
internal static class ExportToRules
{
    public static void Validate(ValidationContext context, string path, IReadOnlyList<string> exportTo)
    {
        for (var i = 0; i < exportTo.Count; i++)
        {
            var value = exportTo[i];
            if (value is not ("." or "*" or "~") && !NameRules.IsDns1123Label(value))
            {
                context.Add($"{path}[{i}]", $"invalid exportTo \"{value}\": expected \".\", \"*\", \"~\" or a namespace name");
            }
        }
    }
}
