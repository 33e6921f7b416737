using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.LoadBalancing;
using Xunit;

namespace GatewayMesh.UnitTests.LoadBalancing;

public class LoadBalancerFactoryTests
{
    private static readonly Endpoint[] Endpoints = [new("10.0.0.1", 80, default, "a", "sa"), new("10.0.0.2", 80, default, "b", "sa")];

    [Theory]
    [InlineData(null, typeof(RoundRobinLoadBalancer))]
    [InlineData(SimpleLB.Unspecified, typeof(RoundRobinLoadBalancer))]
    [InlineData(SimpleLB.RoundRobin, typeof(RoundRobinLoadBalancer))]
    [InlineData(SimpleLB.LeastRequest, typeof(LeastRequestLoadBalancer))]
    [InlineData(SimpleLB.LeastConn, typeof(LeastRequestLoadBalancer))]
    [InlineData(SimpleLB.Random, typeof(RandomLoadBalancer))]
    [InlineData(SimpleLB.Passthrough, typeof(PassthroughLoadBalancer))]
    public void Create_Simple_BuildsMatchingBalancer(SimpleLB? simple, Type expected)
    {
        var settings = simple is null ? null : new LoadBalancerSettings { Simple = simple };

        var balancer = new LoadBalancerFactory(new Random(1)).Create(settings, Endpoints);

        Assert.IsType(expected, balancer);
        Assert.Equal(2, balancer.EndpointCount);
    }

    [Fact]
    public void Create_ConsistentHash_WinsOverSimple()
    {
        var settings = new LoadBalancerSettings { Simple = SimpleLB.Random, ConsistentHash = new ConsistentHashLB { UseSourceIp = true } };

        Assert.IsType<ConsistentHashLoadBalancer>(new LoadBalancerFactory(new Random(1)).Create(settings, Endpoints));
    }
}
