using GatewayMesh.Core.Collections;
using GatewayMesh.Proxy.Routing;
using Xunit;
using static GatewayMesh.UnitTests.Routing.RoutingFixtures;

namespace GatewayMesh.UnitTests.Routing;

public class WeightedPickerTests
{
    private static WeightedPicker Picker(params int[] weights) =>
        new(weights.Select((w, i) => new WeightedDestination(new ClusterKey($"s{i}", null, null), w, HeaderPolicy.None)).ToValueList());

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(2026)]
    public void Pick_NinetyTen_TenThousandPicksWithinTwoPercent(int seed)
    {
        var picker = Picker(90, 10);
        var random = new Random(seed);
        var first = Enumerable.Range(0, 10_000).Count(_ => picker.Pick(random).Cluster.Host == "s0");
        Assert.InRange(first, 8_800, 9_200);
    }

    [Fact]
    public void Pick_SameSeed_SameSequence()
    {
        var picker = Picker(50, 30, 20);
        var a = new Random(3);
        var b = new Random(3);
        Assert.Equal(
            Enumerable.Range(0, 100).Select(_ => picker.Pick(a).Cluster.Host),
            Enumerable.Range(0, 100).Select(_ => picker.Pick(b).Cluster.Host));
    }

    [Fact]
    public void Pick_ZeroWeight_NeverChosen()
    {
        var picker = Picker(0, 100);
        var random = new Random(5);
        Assert.All(Enumerable.Range(0, 1_000), _ => Assert.Equal("s1", picker.Pick(random).Cluster.Host));
    }

    [Fact]
    public void Pick_AllWeightsZero_SpreadsEvenly()
    {
        var picker = Picker(0, 0);
        var random = new Random(9);
        var first = Enumerable.Range(0, 10_000).Count(_ => picker.Pick(random).Cluster.Host == "s0");
        Assert.InRange(first, 4_800, 5_200);
    }

    [Fact]
    public void PickAndMatch_AfterWarmUp_AllocateNothing()
    {
        var table = RouteTableCompiler.Compile(Snapshot(Bookinfo("virtual-service-reviews-test-v2.yaml")), Sidecar());
        var request = Get("reviews:9080", "/reviews/0", ("end-user", "jason"));
        var random = new Random(1);
        var picker = Picker(90, 10);
        for (var i = 0; i < 100; i++)
        {
            _ = table.Match(request);
            _ = picker.Pick(random);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            _ = table.Match(request);
            _ = picker.Pick(random);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Constructor_NoDestinations_Throws() =>
        Assert.Throws<ArgumentException>(() => new WeightedPicker(ValueList<WeightedDestination>.Empty));
}
