using GatewayMesh.Proxy.LoadBalancing;
using Xunit;

namespace GatewayMesh.UnitTests.LoadBalancing;

public class SimpleLoadBalancerTests
{
    private static int[] Count(ILoadBalancer balancer, int picks)
    {
        var counts = new int[balancer.EndpointCount];
        for (var i = 0; i < picks; i++)
        {
            counts[balancer.Pick(LoadBalancingContext.Empty).Index]++;
        }

        return counts;
    }

    [Fact]
    public void RoundRobin_300Picks_GivesEachOf3Endpoints100()
    {
        Assert.Equal([100, 100, 100], Count(new RoundRobinLoadBalancer(3, new Random(7)), 300));
    }

    [Fact]
    public void RoundRobin_ConsecutivePicks_CycleThroughEndpoints()
    {
        var balancer = new RoundRobinLoadBalancer(3, new Random(1));
        var first = balancer.Pick(LoadBalancingContext.Empty).Index;

        Assert.Equal((first + 1) % 3, balancer.Pick(LoadBalancingContext.Empty).Index);
        Assert.Equal((first + 2) % 3, balancer.Pick(LoadBalancingContext.Empty).Index);
    }

    [Fact]
    public void RoundRobin_ParallelPicks_StayExactlyEven()
    {
        var balancer = new RoundRobinLoadBalancer(3, new Random(3));
        var counts = new int[3];

        Parallel.For(0, 30_000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
            Interlocked.Increment(ref counts[balancer.Pick(LoadBalancingContext.Empty).Index]));

        Assert.Equal([10_000, 10_000, 10_000], counts);
    }

    [Fact]
    public void Random_SeededPicks_AreRoughlyUniform()
    {
        var counts = Count(new RandomLoadBalancer(4, new Random(42)), 8_000);

        Assert.All(counts, c => Assert.InRange(c, 1_800, 2_200));
    }

    [Fact]
    public void Random_SameSeed_GivesSameSequence()
    {
        var a = new RandomLoadBalancer(5, new Random(9));
        var b = new RandomLoadBalancer(5, new Random(9));

        Assert.Equal(
            Enumerable.Range(0, 50).Select(_ => a.Pick(LoadBalancingContext.Empty).Index),
            Enumerable.Range(0, 50).Select(_ => b.Pick(LoadBalancingContext.Empty).Index));
    }

    [Fact]
    public void Passthrough_Pick_ReturnsNoChoice()
    {
        var pick = new PassthroughLoadBalancer(3).Pick(LoadBalancingContext.Empty);

        Assert.False(pick.HasEndpoint);
        Assert.Equal(LoadBalancerPick.NoChoiceIndex, pick.Index);
    }

    [Fact]
    public void Balancers_WithoutEndpoints_ReturnNoChoice()
    {
        ILoadBalancer[] balancers =
            [new RoundRobinLoadBalancer(0, new Random(1)), new RandomLoadBalancer(0, new Random(1)), new LeastRequestLoadBalancer(0, new Random(1))];

        Assert.All(balancers, b => Assert.False(b.Pick(LoadBalancingContext.Empty).HasEndpoint));
    }
}
