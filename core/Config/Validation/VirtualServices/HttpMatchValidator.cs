using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>HTTP match conditions: string matches, URI paths, header and query names, port, source labels.</summary>
internal static class HttpMatchValidator
{
    public static void Validate(ValidationContext context, VirtualService resource)
    {
        for (var r = 0; r < resource.Spec.Http.Count; r++)
        {
            for (var m = 0; m < resource.Spec.Http[r].Match.Count; m++)
            {
                ValidateMatch(context, $"spec.http[{r}].match[{m}]", resource.Spec.Http[r].Match[m]);
            }
        }
    }

    private static void ValidateMatch(ValidationContext context, string path, HttpMatchRequest match)
    {
        StringMatchRules.ValidateUri(context, $"{path}.uri", match.Uri);
        StringMatchRules.Validate(context, $"{path}.scheme", match.Scheme);
        StringMatchRules.Validate(context, $"{path}.method", match.Method);
        StringMatchRules.Validate(context, $"{path}.authority", match.Authority);
        Headers(context, $"{path}.headers", match.Headers);
        Headers(context, $"{path}.withoutHeaders", match.WithoutHeaders);
        foreach (var (name, value) in match.QueryParams)
        {
            StringMatchRules.Validate(context, $"{path}.queryParams[{name}]", value, allowEmpty: true);
        }

        NumberRules.Port(context, $"{path}.port", match.Port);
        LabelRules.ValidateLabels(context, $"{path}.sourceLabels", match.SourceLabels);
        if (match.SourceNamespace is { } ns && !NameRules.IsDns1123Label(ns))
        {
            context.Add($"{path}.sourceNamespace", $"invalid namespace \"{ns}\": expected a DNS-1123 label");
        }
    }

    /// <summary>An empty StringMatch on a header is a presence match, so it is allowed.</summary>
    private static void Headers(ValidationContext context, string path, ValueMap<string, StringMatch> headers)
    {
        foreach (var (name, value) in headers)
        {
            HeaderRules.MatchName(context, $"{path}[{name}]", name);
            StringMatchRules.Validate(context, $"{path}[{name}]", value, allowEmpty: true);
        }
    }
}
