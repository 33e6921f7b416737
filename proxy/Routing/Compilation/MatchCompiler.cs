using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Routing;

/// <summary>Compiles an <c>HTTPMatchRequest</c> into a <see cref="MatchBlock"/>; regexes are compiled here, once.</summary>
internal static class MatchCompiler
{
    /// <summary>
    /// The compiled block, or null when it can never match on this proxy: <c>sourceLabels</c> and
    /// <c>sourceNamespace</c> describe the calling workload, which only a sidecar has, so the ingress drops such blocks.
    /// </summary>
    public static MatchBlock? Compile(HttpMatchRequest match, string vsNamespace, ProxyRole role)
    {
        if (role == ProxyRole.Ingress && (!match.SourceLabels.IsEmpty || match.SourceNamespace is not null))
        {
            return null;
        }

        var conditions = new List<MatchCondition>();
        var ignoreUriCase = match.IgnoreUriCase == true;
        if (match.Uri is { } uri)
        {
            conditions.Add(new UriCondition(Compile(uri, ignoreUriCase)));
        }

        if (match.Method is { } method)
        {
            conditions.Add(new MethodCondition(Compile(method)));
        }

        if (match.Scheme is { } scheme)
        {
            conditions.Add(new SchemeCondition(Compile(scheme)));
        }

        if (match.Authority is { } authority)
        {
            conditions.Add(new AuthorityCondition(Compile(authority)));
        }

        if (match.Port is { } port)
        {
            conditions.Add(new PortCondition(port));
        }

        conditions.AddRange(match.Headers.Select(h => new HeaderCondition(h.Key, Compile(h.Value))));
        conditions.AddRange(match.WithoutHeaders.Select(h => new WithoutHeaderCondition(h.Key, Compile(h.Value))));
        conditions.AddRange(match.QueryParams.Select(q => new QueryParamCondition(q.Key, Compile(q.Value))));
        if (!match.Gateways.IsEmpty)
        {
            conditions.Add(new GatewaysCondition(match.Gateways.Select(g => GatewayNames.Resolve(g, vsNamespace)).ToValueList()));
        }

        if (!match.SourceLabels.IsEmpty)
        {
            conditions.Add(new SourceLabelsCondition(match.SourceLabels));
        }

        if (match.SourceNamespace is { } sourceNamespace)
        {
            conditions.Add(new SourceNamespaceCondition(sourceNamespace));
        }

        return new MatchBlock(match.Name, conditions.ToValueList());
    }

    /// <summary>Exact, prefix or regex; an empty StringMatch accepts any value. <paramref name="ignoreCase"/> applies to exact and prefix only.</summary>
    public static StringMatcher Compile(StringMatch match, bool ignoreCase = false) => match switch
    {
        { Exact: { } exact } => new ExactMatcher(exact, ignoreCase),
        { Prefix: { } prefix } => new PrefixMatcher(prefix, ignoreCase),
        { Regex: { } regex } => new RegexMatcher(regex),
        _ => AnyValueMatcher.Instance,
    };
}
