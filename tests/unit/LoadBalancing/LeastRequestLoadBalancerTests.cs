using GatewayMesh.Proxy.LoadBalancing;
using Xunit;

namespace GatewayMesh.UnitTests.LoadBalancing;

public class LeastRequestLoadBalancerTests
{
    [Fact]
    public void Pick_OneEndpointBusy_PrefersTheIdleOnes()
    {
        var balancer = new LeastRequestLoadBalancer(3, new Random(11));
        var busy = balancer.Pick(LoadBalancingContext.Empty);
        while (busy.Index != 0)
        {
            busy.Lease.Dispose();
            busy = balancer.Pick(LoadBalancingContext.Empty);
        }

        var counts = new int[3];
        for (var i = 0; i < 300; i++)
        {
            var pick = balancer.Pick(LoadBalancingContext.Empty);
            counts[pick.Index]++;
            pick.Lease.Dispose();
        }

        Assert.Equal(1, balancer.InFlight(0));
        Assert.Equal(0, counts[0]);
        Assert.InRange(counts[1], 100, 200);
        busy.Lease.Dispose();
        Assert.Equal(0, balancer.InFlight(0));
    }

    [Fact]
    public void Pick_LeaseHeldThenDisposed_CountsInFlight()
    {
        var balancer = new LeastRequestLoadBalancer(2, new Random(5));

        var first = balancer.Pick(LoadBalancingContext.Empty);
        var second = balancer.Pick(LoadBalancingContext.Empty);

        Assert.NotEqual(first.Index, second.Index);
        Assert.Equal(1, balancer.InFlight(first.Index));
        first.Lease.Dispose();
        second.Lease.Dispose();
        Assert.Equal(0, balancer.InFlight(0) + balancer.InFlight(1));
    }

    [Fact]
    public void Pick_AllIdle_SpreadsAcrossEndpoints()
    {
        var balancer = new LeastRequestLoadBalancer(4, new Random(23));
        var counts = new int[4];
        for (var i = 0; i < 4_000; i++)
        {
            var pick = balancer.Pick(LoadBalancingContext.Empty);
            counts[pick.Index]++;
            pick.Lease.Dispose();
        }

        Assert.All(counts, c => Assert.InRange(c, 700, 1_300));
    }
}
