using GatewayMesh.Core.Config.Model.Legacy;

namespace GatewayMesh.Core.Config.Validation.Legacy;

/// <summary>
/// What a rule does, as Istio 0.x allowed: a redirect (uri and/or authority) takes no route, fault, rewrite or
/// websocketUpgrade; a rewrite sets uri and/or authority.
/// </summary>
internal static class RouteRuleActionValidator
{
    public static void Validate(ValidationContext context, RouteRule resource)
    {
        var spec = resource.Spec;
        if (spec.Rewrite is { } rewrite && string.IsNullOrEmpty(rewrite.Uri) && string.IsNullOrEmpty(rewrite.Authority))
        {
            context.Add("spec.rewrite", "rewrite must set uri, authority or both");
        }

        if (spec.Redirect is not { } redirect)
        {
            return;
        }

        if (string.IsNullOrEmpty(redirect.Uri) && string.IsNullOrEmpty(redirect.Authority))
        {
            context.Add("spec.redirect", "redirect must set uri, authority or both");
        }

        if (redirect.Uri is { Length: > 0 } uri && !uri.StartsWith('/'))
        {
            context.Add("spec.redirect.uri", $"redirect uri must start with '/', got \"{uri}\"");
        }

        if (!spec.Route.IsEmpty)
        {
            context.Add("spec.redirect", "a rule cannot have both route and redirect");
        }

        if (spec.HttpFault is not null)
        {
            context.Add("spec.redirect", "a rule cannot have both httpFault and redirect");
        }

        if (spec.Rewrite is not null)
        {
            context.Add("spec.redirect", "a rule cannot have both rewrite and redirect");
        }

        if (spec.WebsocketUpgrade is true)
        {
            context.Add("spec.websocketUpgrade", "websocketUpgrade is not allowed on a redirect rule");
        }
    }
}
