using GatewayMesh.Proxy.Identity;
using Xunit;

namespace GatewayMesh.UnitTests.Identity.Agent;

public sealed class RenewalScheduleTests
{
    private static readonly DateTimeOffset NotBefore = new(2026, 11, 26, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RenewAt_AnyRandom_WithinHalfLifePlusMinusFivePercent()
    {
        var notAfter = NotBefore.AddHours(1);
        var random = new Random(5);
        for (var i = 0; i < 1000; i++)
        {
            var at = RenewalSchedule.RenewAt(NotBefore, notAfter, random.NextDouble());
            Assert.InRange(at, NotBefore.AddMinutes(27), NotBefore.AddMinutes(33));
        }

        Assert.Equal(NotBefore.AddMinutes(27), RenewalSchedule.RenewAt(NotBefore, notAfter, 0));
        Assert.Equal(NotBefore.AddMinutes(30), RenewalSchedule.RenewAt(NotBefore, notAfter, 0.5));
    }

    [Fact]
    public void RenewAt_OutOfRangeRandom_Clamped()
    {
        var notAfter = NotBefore.AddSeconds(100);

        Assert.Equal(NotBefore.AddSeconds(45), RenewalSchedule.RenewAt(NotBefore, notAfter, -3));
        Assert.Equal(NotBefore.AddSeconds(55), RenewalSchedule.RenewAt(NotBefore, notAfter, 7));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 16)]
    [InlineData(6, 30)]
    [InlineData(40, 30)]
    public void RetryDelay_Failures_DoublesToTheCapWithJitterInTheUpperHalf(int failures, double ceilingSeconds)
    {
        var initial = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromSeconds(30);

        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds / 2), RenewalSchedule.RetryDelay(failures, initial, max, 0));
        Assert.Equal(TimeSpan.FromSeconds(ceilingSeconds * 0.75), RenewalSchedule.RetryDelay(failures, initial, max, 0.5));
        Assert.InRange(RenewalSchedule.RetryDelay(failures, initial, max, 0.999999), TimeSpan.FromSeconds(ceilingSeconds * 0.99), TimeSpan.FromSeconds(ceilingSeconds));
    }
}
