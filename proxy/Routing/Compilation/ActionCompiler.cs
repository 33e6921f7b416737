using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Hosts;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Routing;

/// <summary>Compiles what an <c>http</c> rule does: redirect, direct response, or weighted forwarding with rewrite and mirrors.</summary>
internal static class ActionCompiler
{
    /// <summary>The action, or null when the rule has none this engine runs (e.g. only a <c>delegate</c>).</summary>
    public static RouteAction? Compile(HttpRoute route, string vsNamespace)
    {
        if (route.Redirect is { } redirect)
        {
            return new RedirectAction(
                redirect.Uri, redirect.PrefixRewrite, redirect.Authority, redirect.Scheme, redirect.Port, redirect.DerivePort,
                redirect.RedirectCode ?? RedirectAction.DefaultCode);
        }

        if (route.DirectResponse is { } direct)
        {
            return new DirectResponseAction(direct.Status ?? 200, direct.Body?.String, direct.Body?.Bytes);
        }

        var destinations = route.Route
            .Where(d => d.Destination?.Host is not null)
            .Select(d => new WeightedDestination(
                ToCluster(d.Destination!, vsNamespace),
                d.Weight ?? (route.Route.Count == 1 ? 100 : 0),
                ToPolicy(d.Headers)))
            .ToValueList();
        if (destinations.IsEmpty)
        {
            return null;
        }

        var rewrite = route.Rewrite is { } r
            ? new RewriteAction(r.Uri, r.Authority, r.UriRegexRewrite is { Match: { } m } rr ? new UriRegexRewrite(m, rr.Rewrite ?? "") : null)
            : null;
        return new ForwardAction(new WeightedPicker(destinations), rewrite, Mirrors(route, vsNamespace));
    }

    /// <summary><c>host: reviews</c> in namespace default names cluster <c>reviews.default.svc.cluster.local</c>.</summary>
    public static ClusterKey ToCluster(Destination destination, string vsNamespace) =>
        new(MeshHosts.ToFqdn(destination.Host!, vsNamespace), destination.Subset, destination.Port?.Number);

    public static HeaderPolicy ToPolicy(Headers? headers) =>
        headers is null ? HeaderPolicy.None : new HeaderPolicy(ToEdits(headers.Request), ToEdits(headers.Response));

    private static HeaderEdits ToEdits(HeaderOperations? operations) =>
        operations is null ? HeaderEdits.None : new HeaderEdits(operations.Set, operations.Add, operations.Remove);

    /// <summary>The deprecated single <c>mirror</c> (at <c>mirrorPercentage</c>, else <c>mirrorPercent</c>, else 100 %), then <c>mirrors</c>.</summary>
    private static ValueList<MirrorPolicy> Mirrors(HttpRoute route, string vsNamespace)
    {
        var mirrors = new List<MirrorPolicy>();
        if (route.Mirror is { Host: not null } mirror)
        {
            mirrors.Add(new MirrorPolicy(ToCluster(mirror, vsNamespace), route.MirrorPercentage?.Value ?? route.MirrorPercent ?? 100));
        }

        mirrors.AddRange(route.Mirrors
            .Where(m => m.Destination?.Host is not null)
            .Select(m => new MirrorPolicy(ToCluster(m.Destination!, vsNamespace), m.Percentage?.Value ?? 100)));
        return mirrors.ToValueList();
    }
}
