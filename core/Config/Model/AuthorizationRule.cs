using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's authorization <c>Rule</c>: matches when a source, an operation and all conditions match.</summary>
public sealed record AuthorizationRule
{
    public ValueList<RuleFrom> From { get; init; }

    public ValueList<RuleTo> To { get; init; }

    public ValueList<RuleCondition> When { get; init; }
}

/// <summary>Istio's <c>Rule.From</c>.</summary>
public sealed record RuleFrom
{
    public RuleSource? Source { get; init; }
}

/// <summary>Istio's <c>Rule.To</c>.</summary>
public sealed record RuleTo
{
    public RuleOperation? Operation { get; init; }
}

/// <summary>Istio's authorization <c>Source</c>: who sends the request (identities, namespaces, IPs).</summary>
public sealed record RuleSource
{
    public ValueList<string> Principals { get; init; }

    public ValueList<string> NotPrincipals { get; init; }

    public ValueList<string> RequestPrincipals { get; init; }

    public ValueList<string> NotRequestPrincipals { get; init; }

    public ValueList<string> Namespaces { get; init; }

    public ValueList<string> NotNamespaces { get; init; }

    public ValueList<string> ServiceAccounts { get; init; }

    public ValueList<string> NotServiceAccounts { get; init; }

    public ValueList<string> IpBlocks { get; init; }

    public ValueList<string> NotIpBlocks { get; init; }

    public ValueList<string> RemoteIpBlocks { get; init; }

    public ValueList<string> NotRemoteIpBlocks { get; init; }

    public ValueList<string> TrustDomains { get; init; }

    public ValueList<string> NotTrustDomains { get; init; }
}

/// <summary>Istio's authorization <c>Operation</c>: what the request does (host, port, method, path).</summary>
public sealed record RuleOperation
{
    public ValueList<string> Hosts { get; init; }

    public ValueList<string> NotHosts { get; init; }

    public ValueList<string> Ports { get; init; }

    public ValueList<string> NotPorts { get; init; }

    public ValueList<string> Methods { get; init; }

    public ValueList<string> NotMethods { get; init; }

    public ValueList<string> Paths { get; init; }

    public ValueList<string> NotPaths { get; init; }
}

/// <summary>Istio's authorization <c>Condition</c>: an attribute key with allowed and forbidden values.</summary>
public sealed record RuleCondition
{
    public string? Key { get; init; }

    public ValueList<string> Values { get; init; }

    public ValueList<string> NotValues { get; init; }
}
