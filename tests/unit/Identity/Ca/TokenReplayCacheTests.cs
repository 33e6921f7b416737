extern alias product;
using product::GatewayMesh.Ca.Auth;
using Xunit;

namespace GatewayMesh.UnitTests.Identity.Ca;

public sealed class TokenReplayCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] KeyA = [1, 2, 3];
    private static readonly byte[] KeyB = [4, 5, 6];

    [Fact]
    public void SameTokenSameKey_LetThroughAgain_AnotherKeyRefused()
    {
        var cache = new TokenReplayCache(capacity: 10);

        Assert.Equal(TokenReplayCache.Outcome.FirstUse, cache.TryUse("jti-1", KeyA, Now.AddMinutes(5), Now));
        Assert.Equal(TokenReplayCache.Outcome.SameKeyAgain, cache.TryUse("jti-1", KeyA, Now.AddMinutes(5), Now.AddSeconds(10)));
        Assert.Equal(TokenReplayCache.Outcome.Replayed, cache.TryUse("jti-1", KeyB, Now.AddMinutes(5), Now.AddSeconds(20)));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void Full_RefusesNewTokens_ButLetsAKnownOneRetry_AndForgetsExpiredOnes()
    {
        var cache = new TokenReplayCache(capacity: 1);
        cache.TryUse("jti-1", KeyA, Now.AddMinutes(5), Now);

        Assert.Equal(TokenReplayCache.Outcome.Full, cache.TryUse("jti-2", KeyB, Now.AddMinutes(5), Now));
        Assert.Equal(TokenReplayCache.Outcome.SameKeyAgain, cache.TryUse("jti-1", KeyA, Now.AddMinutes(5), Now));
        Assert.Equal(TokenReplayCache.Outcome.FirstUse, cache.TryUse("jti-2", KeyB, Now.AddMinutes(10), Now.AddMinutes(5)));
        Assert.Equal(1, cache.Count);
    }
}
