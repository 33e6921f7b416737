using GatewayMesh.Core.Config.Hosts;
using Xunit;

namespace GatewayMesh.UnitTests.Analysis;

public class MeshHostsTests
{
    [Theory]
    [InlineData("reviews", "bookinfo", "reviews", "bookinfo")]
    [InlineData("reviews.default", "bookinfo", "reviews", "default")]
    [InlineData("reviews.default.svc", "bookinfo", "reviews", "default")]
    [InlineData("Reviews.Default.svc.cluster.local.", "bookinfo", "reviews", "default")]
    public void TryGetService_ServiceForms_NameTheSameService(string host, string ns, string name, string serviceNamespace)
    {
        Assert.True(MeshHosts.TryGetService(host, ns, out var service));
        Assert.Equal(new ServiceName(name, serviceNamespace), service);
        Assert.Equal($"{name}.{serviceNamespace}.svc.cluster.local", MeshHosts.ToFqdn(host, ns));
    }

    [Theory]
    [InlineData("api.example.com")]
    [InlineData("*.example.com")]
    [InlineData("*")]
    [InlineData("a.b.c.d.e.f")]
    public void TryGetService_ExternalOrWildcardHost_IsNotAService(string host)
    {
        Assert.False(MeshHosts.TryGetService(host, "default", out _));
        Assert.Equal(host, MeshHosts.ToFqdn(host, "default"));
    }

    [Theory]
    [InlineData("*", "anything.example.com", true)]
    [InlineData("*.example.com", "api.example.com", true)]
    [InlineData("*.example.com", "a.b.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "api.example.org", false)]
    [InlineData("*.example.com", "*.api.example.com", true)]
    [InlineData("*.example.com", "*.example.com", true)]
    [InlineData("*.api.example.com", "*.example.com", false)]
    [InlineData("API.example.com", "api.example.com", true)]
    [InlineData("api.example.com", "*.example.com", false)]
    public void Matches_Wildcards_CoverBySuffix(string pattern, string host, bool expected)
    {
        Assert.Equal(expected, MeshHosts.Matches(pattern, host));
    }

    [Fact]
    public void SameHost_ShortNameInItsNamespace_EqualsFqdn()
    {
        Assert.True(MeshHosts.SameHost("reviews", "default", "reviews.default.svc.cluster.local", "prod"));
        Assert.False(MeshHosts.SameHost("reviews", "prod", "reviews", "default"));
    }
}
