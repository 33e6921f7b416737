namespace GatewayMesh.Proxy.Routing;

/// <summary><c>uri</c>: the request path (no query). <c>ignoreUriCase</c> is folded into exact and prefix matchers; regex ignores it, as in Istio.</summary>
public sealed record UriCondition(StringMatcher Matcher) : MatchCondition
{
    public override bool Matches(in RequestView request) => Matcher.Matches(request.Path);

    /// <summary>The part of the path this condition matched, for prefix rewrites: the prefix, or the whole path.</summary>
    public int MatchedLength(string path) => Matcher is PrefixMatcher prefix ? prefix.Prefix.Length : path.Length;
}
