namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>The request attribute a <c>when</c> condition reads.</summary>
public enum ConditionAttribute
{
    /// <summary>An attribute this mesh never has (<c>experimental.envoy.filters.*</c>): always absent.</summary>
    Absent,
    RequestHeader,
    SourceIp,
    RemoteIp,
    DestinationIp,
    DestinationPort,
    SourceNamespace,
    SourcePrincipal,
    SourceServiceAccount,
    ConnectionSni,
    RequestPrincipal,
    RequestAudiences,
    RequestPresenter,

    /// <summary><c>request.auth.claims[name]</c> (or <c>[outer][inner]</c>): the name is the claim's key in the request's claims.</summary>
    RequestClaim,
}

/// <summary>Parses a condition key (<c>request.headers[x-user]</c>, <c>source.ip</c>, ...) into an attribute and, for headers and claims, the name.</summary>
public static class ConditionKey
{
    private const string HeaderPrefix = "request.headers[";
    private const string ClaimPrefix = "request.auth.claims[";

    public static (ConditionAttribute Attribute, string? HeaderName) Parse(string? key) => key switch
    {
        "source.ip" => (ConditionAttribute.SourceIp, null),
        "remote.ip" => (ConditionAttribute.RemoteIp, null),
        "destination.ip" => (ConditionAttribute.DestinationIp, null),
        "destination.port" => (ConditionAttribute.DestinationPort, null),
        "source.namespace" => (ConditionAttribute.SourceNamespace, null),
        "source.principal" => (ConditionAttribute.SourcePrincipal, null),
        "source.serviceAccount" => (ConditionAttribute.SourceServiceAccount, null),
        "connection.sni" => (ConditionAttribute.ConnectionSni, null),
        "request.auth.principal" => (ConditionAttribute.RequestPrincipal, null),
        "request.auth.audiences" => (ConditionAttribute.RequestAudiences, null),
        "request.auth.presenter" => (ConditionAttribute.RequestPresenter, null),
        _ when key is not null && key.StartsWith(ClaimPrefix, StringComparison.Ordinal) && key.EndsWith(']') && key.Length > ClaimPrefix.Length + 1
            => (ConditionAttribute.RequestClaim, key[ClaimPrefix.Length..^1]),
        _ when key is not null && key.StartsWith(HeaderPrefix, StringComparison.Ordinal) && key.EndsWith(']') && key.Length > HeaderPrefix.Length + 1
            => (ConditionAttribute.RequestHeader, key[HeaderPrefix.Length..^1]),
        _ => (ConditionAttribute.Absent, null),
    };
}
