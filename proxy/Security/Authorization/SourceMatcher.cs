using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>
/// A compiled <c>from.source</c>: every set field must hold (AND); a positive list needs one of its values to match the
/// attribute, a <c>not*</c> list needs none to. An absent attribute (plaintext peer, no JWT) fails positive lists and
/// passes <c>not*</c> lists. <c>requestPrincipals</c> name the <c>iss/sub</c> of the request's valid JWT
/// (RequestAuthentication); a request without one has no request principal.
/// </summary>
public sealed class SourceMatcher
{
    private readonly ValuePatterns? _principals, _notPrincipals, _requestPrincipals, _notRequestPrincipals;
    private readonly ValuePatterns? _namespaces, _notNamespaces, _serviceAccounts, _notServiceAccounts;
    private readonly ValuePatterns? _trustDomains, _notTrustDomains;
    private readonly IpBlocks? _ipBlocks, _notIpBlocks, _remoteIpBlocks, _notRemoteIpBlocks;

    public SourceMatcher(RuleSource source)
    {
        Source = source;
        _principals = ValuePatterns.From(source.Principals);
        _notPrincipals = ValuePatterns.From(source.NotPrincipals);
        _requestPrincipals = ValuePatterns.From(source.RequestPrincipals);
        _notRequestPrincipals = ValuePatterns.From(source.NotRequestPrincipals);
        _namespaces = ValuePatterns.From(source.Namespaces);
        _notNamespaces = ValuePatterns.From(source.NotNamespaces);
        _serviceAccounts = ValuePatterns.From(source.ServiceAccounts);
        _notServiceAccounts = ValuePatterns.From(source.NotServiceAccounts);
        _trustDomains = ValuePatterns.From(source.TrustDomains);
        _notTrustDomains = ValuePatterns.From(source.NotTrustDomains);
        _ipBlocks = IpBlocks.From(source.IpBlocks);
        _notIpBlocks = IpBlocks.From(source.NotIpBlocks);
        _remoteIpBlocks = IpBlocks.From(source.RemoteIpBlocks);
        _notRemoteIpBlocks = IpBlocks.From(source.NotRemoteIpBlocks);
    }

    /// <summary>The source as configured, for /debug/authz.</summary>
    public RuleSource Source { get; }

    public bool Matches(in AuthorizationRequest request)
    {
        var peer = request.Peer;
        return Holds(_principals, _notPrincipals, peer?.Principal)
            && Holds(_requestPrincipals, _notRequestPrincipals, request.RequestPrincipal)
            && Holds(_namespaces, _notNamespaces, peer?.Namespace)
            && Holds(_serviceAccounts, _notServiceAccounts, peer?.ServiceAccount)
            && Holds(_trustDomains, _notTrustDomains, peer?.TrustDomain)
            && (_ipBlocks is null || _ipBlocks.Any(request.SourceIp))
            && (_notIpBlocks is null || !_notIpBlocks.Any(request.SourceIp))
            && (_remoteIpBlocks is null || _remoteIpBlocks.Any(request.RemoteIp))
            && (_notRemoteIpBlocks is null || !_notRemoteIpBlocks.Any(request.RemoteIp));
    }

    internal static bool Holds(ValuePatterns? positive, ValuePatterns? negative, string? value) =>
        (positive is null || positive.Any(value)) && (negative is null || !negative.Any(value));
}
