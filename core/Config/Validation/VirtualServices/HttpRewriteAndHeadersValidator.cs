using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>Rewrites (uri or a regex rewrite, not both) and header manipulation names on routes and destinations.</summary>
internal static class HttpRewriteAndHeadersValidator
{
    public static void Validate(ValidationContext context, VirtualService resource)
    {
        for (var i = 0; i < resource.Spec.Http.Count; i++)
        {
            var route = resource.Spec.Http[i];
            var path = $"spec.http[{i}]";
            if (route.Rewrite is { } rewrite)
            {
                if (rewrite.Uri is not null && rewrite.UriRegexRewrite is not null)
                {
                    context.Add($"{path}.rewrite", "set uri or uriRegexRewrite, not both");
                }

                RegexRules.Validate(context, $"{path}.rewrite.uriRegexRewrite.match", rewrite.UriRegexRewrite?.Match);
            }

            HeaderChanges(context, $"{path}.headers", route.Headers);
            for (var d = 0; d < route.Route.Count; d++)
            {
                HeaderChanges(context, $"{path}.route[{d}].headers", route.Route[d].Headers);
            }
        }
    }

    private static void HeaderChanges(ValidationContext context, string path, Headers? headers)
    {
        Operations(context, $"{path}.request", headers?.Request);
        Operations(context, $"{path}.response", headers?.Response);
    }

    private static void Operations(ValidationContext context, string path, HeaderOperations? operations)
    {
        if (operations is null)
        {
            return;
        }

        foreach (var name in operations.Set.Keys)
        {
            HeaderRules.Name(context, $"{path}.set[{name}]", name);
        }

        foreach (var name in operations.Add.Keys)
        {
            HeaderRules.Name(context, $"{path}.add[{name}]", name);
        }

        for (var i = 0; i < operations.Remove.Count; i++)
        {
            HeaderRules.Name(context, $"{path}.remove[{i}]", operations.Remove[i]);
        }
    }
}
