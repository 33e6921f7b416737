using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>
/// Each HTTP route does exactly one thing: forward (route), redirect, answer directly, or delegate.
/// A rewrite applies to forwarded requests, so it cannot go with a redirect.
/// </summary>
internal static class HttpRouteActionValidator
{
    public static void Validate(ValidationContext context, VirtualService resource)
    {
        for (var i = 0; i < resource.Spec.Http.Count; i++)
        {
            var route = resource.Spec.Http[i];
            var path = $"spec.http[{i}]";
            var actions = new List<string>(4);
            if (!route.Route.IsEmpty)
            {
                actions.Add("route");
            }

            if (route.Redirect is not null)
            {
                actions.Add("redirect");
            }

            if (route.DirectResponse is not null)
            {
                actions.Add("directResponse");
            }

            if (route.Delegate is not null)
            {
                actions.Add("delegate");
            }

            if (actions.Count == 0)
            {
                context.Add(path, "set exactly one of route, redirect, directResponse or delegate");
            }
            else if (actions.Count > 1)
            {
                context.Add(path, $"set exactly one of route, redirect, directResponse or delegate, got {string.Join(" and ", actions)}");
            }

            if (route.Delegate is { Name: null or "" })
            {
                context.Add($"{path}.delegate.name", "delegate name is required");
            }

            if (route.Rewrite is not null && route.Redirect is not null)
            {
                context.Add($"{path}.rewrite", "rewrite cannot be combined with redirect");
            }
        }
    }
}
