using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// A rule's action as JSON with a <c>type</c>: <c>route</c> (weighted destinations by cluster, host, subset and port;
/// rewrite; mirrors), <c>redirect</c> or <c>directResponse</c> (status and a body excerpt).
/// </summary>
public static class RouteActionDocument
{
    /// <summary>A direct response's body is shown up to this many characters.</summary>
    public const int BodyExcerptLength = 200;

    public static JsonObject Create(RouteAction action) => action switch
    {
        ForwardAction forward => Forward(forward),
        RedirectAction redirect => Redirect(redirect),
        HttpsRedirectAction => new JsonObject { ["type"] = "httpsRedirect", ["code"] = HttpsRedirectAction.Code },
        DirectResponseAction direct => new JsonObject
        {
            ["type"] = "directResponse",
            ["status"] = direct.Status,
            ["body"] = Excerpt(direct.BodyText ?? (direct.BodyBase64 is null ? null : $"({direct.Body.Length} bytes)")),
        },
        _ => new JsonObject { ["type"] = action.GetType().Name },
    };

    private static JsonObject Forward(ForwardAction forward) => new()
    {
        ["type"] = "route",
        ["destinations"] = new JsonArray([.. forward.Destinations.Destinations.Select(d => Destination(d.Cluster, d.Weight))]),
        ["rewrite"] = forward.Rewrite is { } rewrite ? Rewrite(rewrite) : null,
        ["mirrors"] = new JsonArray([.. forward.Mirrors.Select(m => new JsonObject
        {
            ["cluster"] = m.Cluster.ToString(),
            ["percentage"] = m.Percentage,
        })]),
    };

    private static JsonObject Destination(ClusterKey cluster, int weight) => new()
    {
        ["cluster"] = cluster.ToString(),
        ["host"] = cluster.Host,
        ["subset"] = cluster.Subset,
        ["port"] = cluster.Port,
        ["weight"] = weight,
    };

    private static JsonObject Rewrite(RewriteAction rewrite) => new()
    {
        ["uri"] = rewrite.Uri,
        ["authority"] = rewrite.Authority,
        ["uriRegex"] = rewrite.UriRegex is { } regex ? new JsonObject { ["match"] = regex.Match, ["rewrite"] = regex.Rewrite } : null,
    };

    private static JsonObject Redirect(RedirectAction redirect) => new()
    {
        ["type"] = "redirect",
        ["code"] = redirect.Code,
        ["uri"] = redirect.Uri,
        ["prefixRewrite"] = redirect.PrefixRewrite,
        ["authority"] = redirect.Authority,
        ["scheme"] = redirect.Scheme,
        ["port"] = redirect.Port,
        ["derivePort"] = redirect.DerivePort is { } derive ? AdminDocument.IstioName(derive) : null,
    };

    private static string? Excerpt(string? text) =>
        text is { Length: > BodyExcerptLength } ? text[..BodyExcerptLength] + "..." : text;
}
