using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Security.Authorization;
using Xunit;
using static GatewayMesh.UnitTests.Security.SecurityYaml;

namespace GatewayMesh.UnitTests.Security;

public class AuthorizationSelectionTests
{
    private const string DenyAll = "action: DENY, rules: [{}]";

    private static string[] Applied(WorkloadScopeArgs workload, params AuthorizationPolicy[] policies) =>
        [.. AuthorizationCompiler.Compile(policies, Workload(workload.Ns, workload.Labels)).Deny.Select(p => p.Name)];

    internal sealed record WorkloadScopeArgs(string Ns, string Labels);

    private static readonly WorkloadScopeArgs Reviews = new("default", "app=reviews,version=v1");
    private static readonly WorkloadScopeArgs Ingress = new("istio-system", "istio=ingressgateway,gateway.networking.k8s.io/gateway-name=public");

    [Fact]
    public void Compile_RootNamespaceWithoutSelector_AppliesToEveryWorkload()
    {
        var mesh = Authz("mesh", "istio-system", $"{{{DenyAll}}}");

        Assert.Equal(["istio-system/mesh"], Applied(Reviews, mesh));
        Assert.Equal(["istio-system/mesh"], Applied(Ingress, mesh));
        Assert.Equal(["istio-system/mesh"], Applied(new("prod", "app=x"), mesh));
    }

    [Fact]
    public void Compile_NamespaceAndSelector_OnlyMatchingWorkloadsOfThatNamespace()
    {
        var ns = Authz("ns", "default", $"{{{DenyAll}}}");
        var reviews = Authz("reviews", "default", $"{{selector: {{matchLabels: {{app: reviews}}}}, {DenyAll}}}");
        var v2 = Authz("v2", "default", $"{{selector: {{matchLabels: {{app: reviews, version: v2}}}}, {DenyAll}}}");
        var otherNs = Authz("other", "prod", $"{{{DenyAll}}}");

        Assert.Equal(["default/ns", "default/reviews"], Applied(Reviews, ns, reviews, v2, otherNs));
        Assert.Empty(Applied(new("prod2", "app=reviews"), ns, reviews, v2, otherNs));
    }

    [Fact]
    public void Compile_RootNamespaceSelector_SelectsTheIngress()
    {
        var ingress = Authz("ingress", "istio-system", $"{{selector: {{matchLabels: {{istio: ingressgateway}}}}, {DenyAll}}}");

        Assert.Equal(["istio-system/ingress"], Applied(Ingress, ingress));
        Assert.Empty(Applied(Reviews, ingress));
    }

    [Fact]
    public void Compile_GatewayTargetRef_SelectsTheNamedGatewayOnly()
    {
        var byRef = Authz("by-ref", "istio-system", $"{{targetRefs: [{{group: gateway.networking.k8s.io, kind: Gateway, name: public}}], {DenyAll}}}");
        var otherGateway = Authz("other", "istio-system", $"{{targetRef: {{group: gateway.networking.k8s.io, kind: Gateway, name: internal}}, {DenyAll}}}");

        Assert.Equal(["istio-system/by-ref"], Applied(Ingress, byRef, otherGateway));
        Assert.Empty(Applied(Reviews, byRef, otherGateway));
    }

    [Fact]
    public void Compile_ServiceTargetRef_NotAppliedAndReported()
    {
        var engine = AuthorizationCompiler.Compile(
            [Authz("svc", "default", $"{{targetRef: {{kind: Service, name: reviews}}, {DenyAll}}}")],
            Workload());

        Assert.True(engine.IsEmpty);
        Assert.Contains("default/svc: targetRef kinds other than Gateway", Assert.Single(engine.Warnings));
    }

    [Fact]
    public void Compile_Custom_EnforcedAsDenyOfItsRulesWithAWarning()
    {
        var engine = AuthorizationCompiler.Compile(
            [Authz("ext", "default", "{action: CUSTOM, provider: {name: ext-authz}, rules: [{to: [{operation: {paths: [\"/admin*\"]}}]}]}")],
            Workload());

        var policy = Assert.Single(engine.Deny);
        Assert.Equal(AuthorizationAction.Custom, policy.ConfiguredAction);
        Assert.False(engine.Evaluate(AuthorizationRequest.Create("GET", "/admin")).Allowed);
        Assert.True(engine.Evaluate(AuthorizationRequest.Create("GET", "/reviews")).Allowed);
        Assert.Contains("action CUSTOM", Assert.Single(engine.Warnings));
    }
}
