using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Authorization;
using GatewayMesh.Proxy.State;

namespace GatewayMesh.Proxy.Admin;

/// <summary>
/// <c>/debug/authz</c>: the security policies this proxy applies: the PeerAuthentication mode (default and per target
/// port, with the policies that decided it) and the AuthorizationPolicies selecting it, grouped by enforced action, with
/// their rules as configured and the compiler's warnings.
/// </summary>
public static class AuthzDocument
{
    public static JsonObject Create(AppliedConfig config, ProxyIdentity identity)
    {
        var security = config.Security;
        var mtls = security.PeerAuthentication;
        var authz = security.Authorization;
        var document = AdminDocument.Header(config, identity);
        document["peerAuthentication"] = new JsonObject
        {
            ["mode"] = AdminDocument.IstioName(mtls.Mode),
            ["ports"] = new JsonObject([.. mtls.Ports.Select(p => KeyValuePair.Create(p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)AdminDocument.IstioName(p.Value)))]),
            ["policies"] = AdminDocument.Strings(mtls.Sources),
        };
        document["authorization"] = new JsonObject
        {
            ["deny"] = Policies(authz.Deny),
            ["allow"] = Policies(authz.Allow),
            ["audit"] = Policies(authz.Audit),
            ["warnings"] = AdminDocument.Strings(authz.Warnings),
        };
        return document;
    }

    private static JsonArray Policies(IReadOnlyList<CompiledPolicy> policies) =>
        new([.. policies.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Name,
            ["action"] = AdminDocument.IstioName(p.ConfiguredAction),
            ["rules"] = new JsonArray([.. p.Rules.Select(r => JsonSerializer.SerializeToNode(r.Rule, MeshJson.TypeInfo<AuthorizationRule>()))]),
        })]);
}
