namespace GatewayMesh.Proxy.Routing;

/// <summary><c>headers</c>: the header is present and its value matches. Names are case-insensitive.</summary>
public sealed record HeaderCondition(string Name, StringMatcher Matcher) : MatchCondition
{
    public override bool Matches(in RequestView request) => request.Fields.Header(Name) is { } value && Matcher.Matches(value);
}

/// <summary><c>withoutHeaders</c>: true unless the header is present with a matching value.</summary>
public sealed record WithoutHeaderCondition(string Name, StringMatcher Matcher) : MatchCondition
{
    public override bool Matches(in RequestView request) => request.Fields.Header(Name) is not { } value || !Matcher.Matches(value);
}

/// <summary><c>queryParams</c>: the query parameter is present and its value matches. Names are case-sensitive.</summary>
public sealed record QueryParamCondition(string Name, StringMatcher Matcher) : MatchCondition
{
    public override bool Matches(in RequestView request) => request.Fields.QueryParam(Name) is { } value && Matcher.Matches(value);
}
