using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using GatewayMesh.Core.Identity;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.UnitTests.Identity;

public sealed class BootstrapTokenTests : IDisposable
{
    private static readonly SpiffeId Reviews = SpiffeId.Parse("spiffe://cluster.local/ns/default/sa/bookinfo-reviews");
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _key.Dispose();

    [Fact]
    public void TryVerify_MintedToken_ReturnsItsClaims()
    {
        var token = BootstrapToken.Mint(_key, Reviews, TimeSpan.FromMinutes(10), _time);

        Assert.True(BootstrapToken.TryVerify(token, _key, _time, out var claims, out var error), error);
        Assert.Equal(Reviews, claims!.Subject);
        Assert.Equal(_time.GetUtcNow().AddMinutes(10), claims.ExpiresAt);
        Assert.Equal(32, claims.Id.Length);
    }

    [Fact]
    public void Mint_TwoTokens_HaveDifferentIds()
    {
        BootstrapToken.TryVerify(BootstrapToken.Mint(_key, Reviews, TimeSpan.FromMinutes(1), _time), _key, _time, out var first, out _);
        BootstrapToken.TryVerify(BootstrapToken.Mint(_key, Reviews, TimeSpan.FromMinutes(1), _time), _key, _time, out var second, out _);

        Assert.NotEqual(first!.Id, second!.Id);
    }

    [Fact]
    public void TryVerify_AfterExpiry_Refused()
    {
        var token = BootstrapToken.Mint(_key, Reviews, TimeSpan.FromMinutes(10), _time);
        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.False(BootstrapToken.TryVerify(token, _key, _time, out _, out var error));
        Assert.Equal("bootstrap token expired", error);
    }

    [Fact]
    public void TryVerify_OtherKey_SignatureInvalid()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = BootstrapToken.Mint(other, Reviews, TimeSpan.FromMinutes(10), _time);

        Assert.False(BootstrapToken.TryVerify(token, _key, _time, out _, out var error));
        Assert.Equal("bootstrap token signature invalid", error);
    }

    [Fact]
    public void TryVerify_PayloadSwappedForAnotherIdentity_SignatureInvalid()
    {
        var parts = BootstrapToken.Mint(_key, Reviews, TimeSpan.FromMinutes(10), _time).Split('.');
        var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace("bookinfo-reviews", "bookinfo-ratings");
        var forged = $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload))}.{parts[2]}";

        Assert.False(BootstrapToken.TryVerify(forged, _key, _time, out _, out var error));
        Assert.Equal("bootstrap token signature invalid", error);
    }

    [Fact]
    public void TryVerify_AlgNone_Refused()
    {
        var parts = BootstrapToken.Mint(_key, Reviews, TimeSpan.FromMinutes(10), _time).Split('.');
        var none = $"{Base64Url.EncodeToString("""{"alg":"none"}"""u8)}.{parts[1]}.{parts[2]}";

        Assert.False(BootstrapToken.TryVerify(none, _key, _time, out _, out var error));
        Assert.Contains("ES256", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("!!.??.##")]
    public void TryVerify_Garbage_Malformed(string token)
    {
        Assert.False(BootstrapToken.TryVerify(token, _key, _time, out _, out var error));
        Assert.Contains("bootstrap token", error);
    }

    [Fact]
    public void Mint_LifetimeOverADay_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BootstrapToken.Mint(_key, Reviews, TimeSpan.FromHours(25), _time));

    [Fact]
    public void TryVerify_IssuedInTheFuture_NotYetValid()
    {
        var future = new FakeTimeProvider(_time.GetUtcNow().AddMinutes(5));
        var token = BootstrapToken.Mint(_key, Reviews, TimeSpan.FromMinutes(10), future);

        Assert.False(BootstrapToken.TryVerify(token, _key, _time, out _, out var error));
        Assert.Equal("bootstrap token not yet valid", error);
    }
}
