using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Resilience;
using Xunit;

namespace GatewayMesh.UnitTests.Resilience;

public sealed class RetryPolicyTests
{
    [Fact]
    public void From_NoRetriesBlock_IstioDefaultTwoRetriesOnConnectFailureAnd503()
    {
        var policy = RetryPolicy.From(null);

        Assert.Equal(2, policy.Retries);
        Assert.Equal(
            RetryOn.ConnectFailure | RetryOn.RefusedStream | RetryOn.Unavailable | RetryOn.Cancelled | RetryOn.RetriableStatusCodes,
            policy.Conditions);
        Assert.Equal([503], policy.StatusCodes);
        Assert.True(policy.PreferOtherEndpoints);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(null)]
    public void From_AttemptsZeroOrUnset_Disabled(int? attempts)
    {
        var policy = RetryPolicy.From(new HttpRetry { Attempts = attempts, RetryOn = "5xx" });

        Assert.False(policy.Enabled);
    }

    [Fact]
    public void From_BareStatusCodes_TurnOnRetriableStatusCodesAndReplaceDefault503()
    {
        var policy = RetryPolicy.From(new HttpRetry { Attempts = 3, RetryOn = "gateway-error, 418,409" });

        Assert.Equal(3, policy.Retries);
        Assert.Equal(RetryOn.GatewayError | RetryOn.RetriableStatusCodes, policy.Conditions);
        Assert.Equal([409, 418], policy.StatusCodes);
    }

    [Fact]
    public void From_AttemptsWithoutRetryOn_KeepsDefaultConditionsAndSetsPerTryTimeout()
    {
        var policy = RetryPolicy.From(new HttpRetry { Attempts = 1, PerTryTimeout = MeshDuration.Parse("2s"), RetryRemoteLocalities = true });

        Assert.Equal(RetryPolicy.IstioDefault.Conditions, policy.Conditions);
        Assert.Equal(TimeSpan.FromSeconds(2), policy.PerTryTimeout);
    }

    [Fact]
    public void ResiliencePolicy_EqualConfigs_AreEqualValues()
    {
        var a = ResiliencePolicy.From(new Proxy.Routing.RoutePolicies(MeshDuration.Parse("3s"), new HttpRetry { Attempts = 1, RetryOn = "5xx" }, null, null));
        var b = ResiliencePolicy.From(new Proxy.Routing.RoutePolicies(MeshDuration.Parse("3000ms"), new HttpRetry { Attempts = 1, RetryOn = "5xx" }, null, null));

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }
}
