using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Security.Mtls;
using Xunit;
using static GatewayMesh.UnitTests.Security.SecurityYaml;

namespace GatewayMesh.UnitTests.Security;

public class PeerAuthenticationResolverTests
{
    private const string Selector = "selector: {matchLabels: {app: reviews}}";

    private static MutualTlsMode ModeOf(int port, params PeerAuthentication[] policies) =>
        PeerAuthenticationResolver.Resolve(policies, Workload()).ModeFor(port);

    private static string Mtls(string? mode) => mode is null ? "{}" : $"{{mtls: {{mode: {mode}}}}}";

    private static string WorkloadSpec(string? mode, string? portMode = null)
    {
        var mtls = mode is null ? "" : $", mtls: {{mode: {mode}}}";
        var ports = portMode is null ? "" : $", portLevelMtls: {{9080: {{mode: {portMode}}}}}";
        return $"{{{Selector}{mtls}{ports}}}";
    }

    [Fact]
    public void Resolve_NoPolicy_Permissive()
    {
        Assert.Equal(MutualTlsMode.Permissive, ModeOf(9080));
        Assert.Same(EffectiveMtls.Default, PeerAuthenticationResolver.Resolve([], Workload()));
    }

    // mesh (root namespace) × namespace × workload; null = no policy at that level; UNSET inherits from the parent.
    [Theory]
    [InlineData("STRICT", null, null, MutualTlsMode.Strict)]
    [InlineData("DISABLE", null, null, MutualTlsMode.Disable)]
    [InlineData("UNSET", null, null, MutualTlsMode.Permissive)]
    [InlineData("STRICT", "PERMISSIVE", null, MutualTlsMode.Permissive)]
    [InlineData("STRICT", "UNSET", null, MutualTlsMode.Strict)]
    [InlineData("STRICT", "DISABLE", null, MutualTlsMode.Disable)]
    [InlineData(null, "STRICT", null, MutualTlsMode.Strict)]
    [InlineData(null, "UNSET", null, MutualTlsMode.Permissive)]
    [InlineData("STRICT", "PERMISSIVE", "DISABLE", MutualTlsMode.Disable)]
    [InlineData("DISABLE", "PERMISSIVE", "STRICT", MutualTlsMode.Strict)]
    [InlineData("DISABLE", "STRICT", "UNSET", MutualTlsMode.Strict)]
    [InlineData("STRICT", null, "UNSET", MutualTlsMode.Strict)]
    [InlineData(null, null, "STRICT", MutualTlsMode.Strict)]
    [InlineData(null, null, "UNSET", MutualTlsMode.Permissive)]
    [InlineData("PERMISSIVE", "DISABLE", "PERMISSIVE", MutualTlsMode.Permissive)]
    public void Resolve_Levels_MostSpecificSetModeWins(string? mesh, string? ns, string? workload, MutualTlsMode expected)
    {
        var policies = new List<PeerAuthentication>();
        if (mesh is not null)
        {
            policies.Add(Peer("mesh", "istio-system", Mtls(mesh)));
        }

        if (ns is not null)
        {
            policies.Add(Peer("ns", "default", Mtls(ns)));
        }

        if (workload is not null)
        {
            policies.Add(Peer("wl", "default", WorkloadSpec(workload)));
        }

        Assert.Equal(expected, ModeOf(9080, [.. policies]));
    }

    [Theory]
    [InlineData("STRICT", "DISABLE", 9080, MutualTlsMode.Disable)]
    [InlineData("STRICT", "DISABLE", 9090, MutualTlsMode.Strict)]
    [InlineData("DISABLE", "STRICT", 9080, MutualTlsMode.Strict)]
    [InlineData("STRICT", "UNSET", 9080, MutualTlsMode.Strict)]
    [InlineData(null, "UNSET", 9080, MutualTlsMode.Disable)]
    [InlineData(null, "PERMISSIVE", 9080, MutualTlsMode.Permissive)]
    public void Resolve_PortLevel_OverridesTheWorkloadModeForThatTargetPortOnly(string? workloadMode, string portMode, int port, MutualTlsMode expected)
    {
        var mesh = Peer("mesh", "istio-system", Mtls("DISABLE"));

        Assert.Equal(expected, ModeOf(port, mesh, Peer("wl", "default", WorkloadSpec(workloadMode, portMode))));
    }

    [Fact]
    public void Resolve_PortLevelOnNamespacePolicy_Ignored()
    {
        var ns = Peer("ns", "default", "{mtls: {mode: STRICT}, portLevelMtls: {9080: {mode: DISABLE}}}");

        var effective = PeerAuthenticationResolver.Resolve([ns], Workload());

        Assert.Equal(MutualTlsMode.Strict, effective.ModeFor(9080));
        Assert.True(effective.Ports.IsEmpty);
    }

    [Fact]
    public void Resolve_SeveralAtOneLevel_OldestWinsThenName()
    {
        var newer = Peer("a-newer", "default", Mtls("DISABLE"), revision: 7);
        var older = Peer("z-older", "default", Mtls("STRICT"), revision: 3);
        Assert.Equal(MutualTlsMode.Strict, ModeOf(1, newer, older));
        Assert.Equal(MutualTlsMode.Strict, ModeOf(1, older, newer));

        var sameAgeB = Peer("b", "default", WorkloadSpec("DISABLE"), revision: 5);
        var sameAgeA = Peer("a", "default", WorkloadSpec("STRICT"), revision: 5);
        Assert.Equal(MutualTlsMode.Strict, ModeOf(1, sameAgeB, sameAgeA));
    }

    [Fact]
    public void Resolve_OldestMeshPolicyWins()
    {
        Assert.Equal(MutualTlsMode.Disable, ModeOf(1, Peer("m2", "istio-system", Mtls("STRICT"), 9), Peer("m1", "istio-system", Mtls("DISABLE"), 2)));
    }

    [Fact]
    public void Resolve_SelectorNotMatching_OrOtherNamespace_DoesNotApply()
    {
        var otherApp = Peer("wl", "default", "{selector: {matchLabels: {app: ratings}}, mtls: {mode: STRICT}}");
        var otherNamespace = Peer("ns", "prod", Mtls("STRICT"));
        var otherNamespaceSelector = Peer("wl2", "prod", WorkloadSpec("STRICT"));

        Assert.Equal(MutualTlsMode.Permissive, ModeOf(9080, otherApp, otherNamespace, otherNamespaceSelector));
    }

    [Fact]
    public void Resolve_RootNamespaceSelector_SelectsInEveryNamespace()
    {
        var mesh = Peer("mesh", "istio-system", Mtls("DISABLE"));
        var rootSelector = Peer("reviews-strict", "istio-system", WorkloadSpec("STRICT"));

        Assert.Equal(MutualTlsMode.Strict, ModeOf(9080, mesh, rootSelector));
    }

    [Fact]
    public void Resolve_CustomRootNamespace_UsedForMeshWide()
    {
        var policy = Peer("mesh", "mesh-root", Mtls("STRICT"));

        Assert.Equal(MutualTlsMode.Permissive, PeerAuthenticationResolver.Resolve([policy], Workload()).ModeFor(1));
        Assert.Equal(MutualTlsMode.Strict, PeerAuthenticationResolver.Resolve([policy], Workload(root: "mesh-root")).ModeFor(1));
    }

    [Fact]
    public void Resolve_EmptyMatchLabels_IsNamespaceLevel()
    {
        var ns = Peer("ns", "default", "{selector: {matchLabels: {}}, mtls: {mode: STRICT}}", revision: 1);
        var workload = Peer("wl", "default", WorkloadSpec("DISABLE"), revision: 9);

        Assert.Equal(MutualTlsMode.Disable, ModeOf(1, ns, workload));
        Assert.Equal(MutualTlsMode.Strict, ModeOf(1, ns));
    }

    [Fact]
    public void Resolve_NamesTheDecidingPolicies()
    {
        var effective = PeerAuthenticationResolver.Resolve([Peer("mesh", "istio-system", Mtls("STRICT")), Peer("wl", "default", WorkloadSpec("DISABLE"))], Workload());

        Assert.Equal(["istio-system/mesh", "default/wl"], effective.Sources.ToArray());
    }
}
