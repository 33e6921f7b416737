using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// Match conditions written as short text for people: <c>uri prefix /api</c>, <c>header end-user exact jason</c>,
/// <c>method exact GET</c>, <c>sourceLabels app=productpage</c>. A block's conditions are joined with <c> &amp;&amp; </c>.
/// </summary>
public static class MatchText
{
    public static string Block(MatchBlock block) =>
        block.Conditions.IsEmpty ? "*" : string.Join(" && ", block.Conditions.Select(Condition));

    public static string Condition(MatchCondition condition) => condition switch
    {
        UriCondition uri => $"uri {Matcher(uri.Matcher)}",
        HeaderCondition header => $"header {header.Name} {Matcher(header.Matcher)}",
        WithoutHeaderCondition without => $"!header {without.Name} {Matcher(without.Matcher)}",
        QueryParamCondition query => $"query {query.Name} {Matcher(query.Matcher)}",
        AuthorityCondition authority => $"authority {Matcher(authority.Matcher)}",
        MethodCondition method => $"method {Matcher(method.Matcher)}",
        SchemeCondition scheme => $"scheme {Matcher(scheme.Matcher)}",
        PortCondition port => $"port {port.Port}",
        GatewaysCondition gateways => $"gateways {string.Join(",", gateways.Gateways)}",
        SourceLabelsCondition labels => $"sourceLabels {string.Join(",", labels.Labels.Select(l => $"{l.Key}={l.Value}"))}",
        SourceNamespaceCondition ns => $"sourceNamespace {ns.Namespace}",
        _ => condition.GetType().Name,
    };

    public static string Matcher(StringMatcher matcher) => matcher switch
    {
        ExactMatcher exact => $"exact {exact.Value}{IgnoreCase(exact.IgnoreCase)}",
        PrefixMatcher prefix => $"prefix {prefix.Prefix}{IgnoreCase(prefix.IgnoreCase)}",
        RegexMatcher regex => $"regex {regex.Pattern}",
        AnyValueMatcher => "present",
        _ => matcher.GetType().Name,
    };

    private static string IgnoreCase(bool ignoreCase) => ignoreCase ? " (ignore case)" : "";
}
