using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.UnitTests.Model;

/// <summary>A fully populated AuthorizationPolicy rule; every call builds a new tree.</summary>
internal static class AuthorizationRules
{
    public static AuthorizationRule Full() => new()
    {
        From =
        [
            new RuleFrom
            {
                Source = new RuleSource
                {
                    Principals = ["cluster.local/ns/bookinfo/sa/productpage"],
                    NotPrincipals = ["cluster.local/ns/evil/sa/*"],
                    RequestPrincipals = ["issuer/subject"],
                    NotRequestPrincipals = ["issuer/banned"],
                    Namespaces = ["bookinfo"],
                    NotNamespaces = ["test"],
                    ServiceAccounts = ["bookinfo/productpage"],
                    NotServiceAccounts = ["bookinfo/ratings"],
                    IpBlocks = ["10.0.0.0/8"],
                    NotIpBlocks = ["10.9.0.0/16"],
                    RemoteIpBlocks = ["203.0.113.0/24"],
                    NotRemoteIpBlocks = ["203.0.113.7"],
                    TrustDomains = ["cluster.local"],
                    NotTrustDomains = ["other.local"],
                },
            },
        ],
        To =
        [
            new RuleTo
            {
                Operation = new RuleOperation
                {
                    Hosts = ["reviews"],
                    NotHosts = ["admin.reviews"],
                    Ports = ["9080"],
                    NotPorts = ["15000"],
                    Methods = ["GET"],
                    NotMethods = ["DELETE"],
                    Paths = ["/reviews/*"],
                    NotPaths = ["/reviews/admin"],
                },
            },
        ],
        When = [new RuleCondition { Key = "request.headers[version]", Values = ["v1"], NotValues = ["v0"] }],
    };
}
