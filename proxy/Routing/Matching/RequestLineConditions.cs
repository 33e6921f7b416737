namespace GatewayMesh.Proxy.Routing;

/// <summary><c>authority</c>: the Host/:authority as sent (with its port, if the client sent one).</summary>
public sealed record AuthorityCondition(StringMatcher Matcher) : MatchCondition
{
    public override bool Matches(in RequestView request) => Matcher.Matches(request.Authority);
}

/// <summary><c>method</c>: the HTTP method, case-sensitive.</summary>
public sealed record MethodCondition(StringMatcher Matcher) : MatchCondition
{
    public override bool Matches(in RequestView request) => Matcher.Matches(request.Method);
}

/// <summary><c>scheme</c>: the request scheme (<c>http</c> or <c>https</c>).</summary>
public sealed record SchemeCondition(StringMatcher Matcher) : MatchCondition
{
    public override bool Matches(in RequestView request) => Matcher.Matches(request.Scheme);
}

/// <summary><c>port</c>: the port the request was addressed to.</summary>
public sealed record PortCondition(int Port) : MatchCondition
{
    public override bool Matches(in RequestView request) => request.Port == Port;
}
