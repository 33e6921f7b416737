using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Clusters.ClusterSnapshots;

namespace GatewayMesh.UnitTests.Clusters;

public class DestinationRuleMatchingTests
{
    private static string Rule(string name, string ns, string host, string lb = "RANDOM") => $"""
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata:
          name: {name}
          namespace: {ns}
        spec:
          host: "{host}"
          trafficPolicy:
            loadBalancer:
              simple: {lb}
          subsets:
          - name: v1
            labels:
              version: v1
        """;

    private static SimpleLB? PolicyOf(string[] rules, string ns = "default")
    {
        var table = ClusterTableCompiler.Compile(Snapshot([Instance("reviews", "v1", ns: ns)], rules));
        Assert.True(table.TryGet(new ClusterKey($"reviews.{ns}.svc.cluster.local", null, null), out var cluster));
        return cluster.Policy.LoadBalancer?.Simple;
    }

    [Fact]
    public void Compile_ShortNameInServiceNamespace_Applies() =>
        Assert.Equal(SimpleLB.Random, PolicyOf([Rule("r", "default", "reviews")]));

    [Fact]
    public void Compile_ShortNameInOtherNamespace_DoesNotApply() =>
        Assert.Null(PolicyOf([Rule("r", "other", "reviews")]));

    [Fact]
    public void Compile_FqdnFromOtherNamespace_Applies() =>
        Assert.Equal(SimpleLB.Random, PolicyOf([Rule("r", "other", "reviews.default.svc.cluster.local")]));

    [Fact]
    public void Compile_NamespacedShortForm_Applies() =>
        Assert.Equal(SimpleLB.Random, PolicyOf([Rule("r", "other", "reviews.default")]));

    [Fact]
    public void Compile_RulesInBothNamespaces_PrefersTheServiceNamespace() =>
        Assert.Equal(
            SimpleLB.LeastRequest,
            PolicyOf([Rule("a", "aaa", "reviews.default.svc.cluster.local"), Rule("z", "default", "reviews", "LEAST_REQUEST")]));

    [Fact]
    public void Compile_WildcardHost_AppliesUnlessAnExactRuleExists()
    {
        Assert.Equal(SimpleLB.Random, PolicyOf([Rule("all", "default", "*.default.svc.cluster.local")]));
        Assert.Equal(
            SimpleLB.LeastRequest,
            PolicyOf([Rule("all", "default", "*.default.svc.cluster.local"), Rule("r", "default", "reviews", "LEAST_REQUEST")]));
    }

    [Fact]
    public void Compile_RuleForAnotherNamespace_LeavesSubsetsOut()
    {
        var table = ClusterTableCompiler.Compile(Snapshot([Instance("reviews", "v1")], Rule("r", "other", "reviews")));

        Assert.False(table.TryGet(new ClusterKey(ReviewsFqdn, "v1", null), out _));
    }
}
