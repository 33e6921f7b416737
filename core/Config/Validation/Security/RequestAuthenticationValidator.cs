using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;
using GatewayMesh.Core.Identity.Jwks;

namespace GatewayMesh.Core.Config.Validation.Security;

/// <summary>
/// RequestAuthentication: a selector or targetRef(s), not both; each JWT rule names an issuer or a jwksUri, a jwksUri
/// is an absolute http(s) URL, inline jwks is a key set of public RSA/EC keys, token locations and output headers are
/// valid names, audiences are not empty.
/// </summary>
internal static class RequestAuthenticationValidator
{
    public static void Validate(ValidationContext context, RequestAuthentication resource)
    {
        var spec = resource.Spec;
        var hasTargetRefs = spec.TargetRef is not null || !spec.TargetRefs.IsEmpty;
        if (spec.Selector is not null && hasTargetRefs)
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

        for (var i = 0; i < spec.JwtRules.Count; i++)
        {
            Rule(context, $"spec.jwtRules[{i}]", spec.JwtRules[i]);
        }
    }

    private static void Rule(ValidationContext context, string path, JwtRule rule)
    {
        if (string.IsNullOrEmpty(rule.Issuer) && string.IsNullOrEmpty(rule.JwksUri))
        {
            context.Add($"{path}.issuer", "issuer is required (or a jwksUri)");
        }

        for (var a = 0; a < rule.Audiences.Count; a++)
        {
            if (rule.Audiences[a].Length == 0)
            {
                context.Add($"{path}.audiences[{a}]", "audience must not be empty");
            }
        }

        if (rule.JwksUri is { Length: > 0 } uri &&
            (!Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https") || parsed.Host.Length == 0))
        {
            context.Add($"{path}.jwksUri", $"invalid jwksUri \"{uri}\": expected an absolute http or https URL");
        }

        if (rule.Jwks is { } jwks && !JsonWebKeySet.TryParse(jwks, out _, out var jwksError))
        {
            context.Add($"{path}.jwks", $"invalid jwks: {jwksError}");
        }

        for (var h = 0; h < rule.FromHeaders.Count; h++)
        {
            if (string.IsNullOrEmpty(rule.FromHeaders[h].Name))
            {
                context.Add($"{path}.fromHeaders[{h}].name", "header name is required");
            }
            else
            {
                HeaderRules.Name(context, $"{path}.fromHeaders[{h}].name", rule.FromHeaders[h].Name!);
            }
        }

        NotEmpty(context, $"{path}.fromParams", rule.FromParams, "query parameter name must not be empty");
        NotEmpty(context, $"{path}.fromCookies", rule.FromCookies, "cookie name must not be empty");
        if (rule.OutputPayloadToHeader is { } payloadHeader)
        {
            HeaderRules.Name(context, $"{path}.outputPayloadToHeader", payloadHeader);
        }

        for (var c = 0; c < rule.OutputClaimToHeaders.Count; c++)
        {
            var claim = rule.OutputClaimToHeaders[c];
            var claimPath = $"{path}.outputClaimToHeaders[{c}]";
            if (string.IsNullOrEmpty(claim.Header))
            {
                context.Add($"{claimPath}.header", "header is required");
            }
            else
            {
                HeaderRules.Name(context, $"{claimPath}.header", claim.Header);
            }

            if (string.IsNullOrEmpty(claim.Claim))
            {
                context.Add($"{claimPath}.claim", "claim is required");
            }
        }

        DurationRules.AtLeastOneMillisecond(context, $"{path}.timeout", rule.Timeout);
    }

    private static void NotEmpty(ValidationContext context, string path, IReadOnlyList<string> values, string message)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Length == 0)
            {
                context.Add($"{path}[{i}]", message);
            }
        }
    }
}
