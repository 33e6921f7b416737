using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity.Jwks;
using GatewayMesh.Proxy.Security.Authentication;
using GatewayMesh.Tests.Jwt;
using Xunit;

namespace GatewayMesh.UnitTests.Security.Jwt;

/// <summary>Issue 12: RequestAuthentication's JWT checks, as Istio's Envoy makes them, over real signatures.</summary>
public sealed class JwtAuthenticatorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestJwtIssuer _issuer = new();
    private readonly TestJwtIssuer _other = new("https://other.test", "other");

    public void Dispose()
    {
        _issuer.Dispose();
        _other.Dispose();
    }

    private JwtProvider Provider(IReadOnlyList<string>? audiences = null, IReadOnlyList<JwtHeader>? headers = null, IReadOnlyList<string>? parameters = null,
        string? payloadHeader = null, bool forward = false, string? issuer = null, JsonWebKeySet? keys = null)
    {
        Assert.True(JsonWebKeySet.TryParse(_issuer.Jwks(), out var set, out var error), error);
        return new JwtProvider("test", issuer ?? _issuer.Issuer, audiences ?? [], keys ?? set, null, headers ?? [], parameters ?? [], [], payloadHeader, forward,
            [new ClaimToHeader { Header = "x-jwt-sub", Claim = "sub" }]);
    }

    private static JwtOutcome Authenticate(JwtProvider provider, Dictionary<string, string>? headers = null, Dictionary<string, string>? query = null, DateTimeOffset? now = null) =>
        JwtAuthenticator.Authenticate([provider], new Source(headers ?? [], query ?? []), now ?? Now);

    private static Dictionary<string, string> Bearer(string token) => new() { ["Authorization"] = $"Bearer {token}" };

    [Theory]
    [InlineData("RS256")]
    [InlineData("PS256")]
    [InlineData("ES256")]
    public void Authenticate_ValidToken_PrincipalIsIssuerSlashSubject(string algorithm)
    {
        var outcome = Authenticate(Provider(), Bearer(_issuer.Token("jason", Now, algorithm: algorithm)));

        Assert.False(outcome.Refused, outcome.Failure);
        Assert.Equal("https://issuer.test/jason", outcome.Principal!.Principal);
        Assert.Contains(new JwtHeaderEdit("Authorization", null), outcome.Edits);
        Assert.Contains(new JwtHeaderEdit("x-jwt-sub", "jason"), outcome.Edits);
    }

    [Fact]
    public void Authenticate_NoToken_PassesUnauthenticated()
    {
        var outcome = Authenticate(Provider(), new Dictionary<string, string> { ["Authorization"] = "Basic dTpw" });

        Assert.Same(JwtOutcome.NoToken, outcome);
    }

    [Fact]
    public void Authenticate_TamperedSignature_Refused()
    {
        var token = _issuer.Token("jason", Now);
        var tampered = token[..^4] + (token[^4] == 'A' ? "B" : "A") + token[^3..];

        Assert.Equal("Jwt verification fails", Authenticate(Provider(), Bearer(tampered)).Failure);
    }

    [Fact]
    public void Authenticate_SignedByAnotherKey_Refused()
    {
        var forged = _other.Token("jason", Now, new Dictionary<string, object?> { ["iss"] = _issuer.Issuer }, keyId: _issuer.RsaKeyId);

        Assert.Equal("Jwt verification fails", Authenticate(Provider(), Bearer(forged)).Failure);
    }

    [Theory]
    [InlineData(-3600 - 61, "Jwt is expired")]
    [InlineData(-3600 - 59, null)]
    public void Authenticate_Expiry_WithSixtySecondsOfSkew(int secondsFromNow, string? failure)
    {
        var token = _issuer.Token("jason", Now.AddSeconds(secondsFromNow));

        Assert.Equal(failure, Authenticate(Provider(), Bearer(token)).Failure);
    }

    [Fact]
    public void Authenticate_NotYetValid_Refused()
    {
        var token = _issuer.Token("jason", Now, new Dictionary<string, object?> { ["nbf"] = Now.AddMinutes(5).ToUnixTimeSeconds() });

        Assert.Equal("Jwt not yet valid", Authenticate(Provider(), Bearer(token)).Failure);
    }

    [Theory]
    [InlineData("bookinfo", null)]
    [InlineData("other-app", "Audiences in Jwt are not allowed")]
    public void Authenticate_Audiences_OneMustBeAccepted(string audience, string? failure)
    {
        var token = _issuer.Token("jason", Now, new Dictionary<string, object?> { ["aud"] = new[] { audience, "x" } });

        Assert.Equal(failure, Authenticate(Provider(audiences: ["bookinfo"]), Bearer(token)).Failure);
    }

    [Fact]
    public void Authenticate_IssuerNoRuleNames_Refused()
    {
        Assert.Equal("Jwt issuer is not configured", Authenticate(Provider(), Bearer(_other.Token("jason", Now))).Failure);
    }

    [Fact]
    public void Authenticate_KeysNotFetchedYet_FailsClosed()
    {
        var provider = Provider() with { Keys = null, KeysError = "not fetched yet" };

        Assert.Equal("Jwks remote fetch is failed", Authenticate(provider, Bearer(_issuer.Token("jason", Now))).Failure);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("not-a-jwt")]
    [InlineData("e30.e30.")]
    [InlineData("!!!.e30.AA")]
    public void Authenticate_Malformed_RefusedWithoutThrowing(string token)
    {
        Assert.True(Authenticate(Provider(), Bearer(token)).Refused);
    }

    [Theory]
    [InlineData("eyJhbGciOiJub25lIn0", "")]
    [InlineData("eyJhbGciOiJub25lIn0", "AAAA")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9", "AAAA")]
    public void Authenticate_AlgNoneOrHmac_Refused(string header, string signature)
    {
        var payload = _issuer.Token("jason", Now).Split('.')[1];

        Assert.True(Authenticate(Provider(), Bearer($"{header}.{payload}.{signature}")).Refused);
    }

    [Fact]
    public void Authenticate_FromHeadersAndParams_OnlyThoseLocationsAreRead()
    {
        var token = _issuer.Token("jason", Now);
        var provider = Provider(headers: [new JwtHeader { Name = "x-jwt-assertion" }], parameters: ["token"]);

        Assert.Same(JwtOutcome.NoToken, Authenticate(provider, Bearer(token)));
        Assert.Equal("https://issuer.test/jason", Authenticate(provider, new Dictionary<string, string> { ["x-jwt-assertion"] = token }).Principal!.Principal);
        Assert.Equal("https://issuer.test/jason", Authenticate(provider, query: new Dictionary<string, string> { ["token"] = token }).Principal!.Principal);
    }

    [Fact]
    public void Authenticate_DefaultLocations_AccessTokenParameter()
    {
        Assert.False(Authenticate(Provider(), query: new Dictionary<string, string> { ["access_token"] = _issuer.Token("jason", Now) }).Refused);
    }

    [Fact]
    public void Authenticate_OutputPayloadAndForwardOriginalToken_EditsTheRequest()
    {
        var token = _issuer.Token("jason", Now);

        var outcome = Authenticate(Provider(payloadHeader: "x-jwt-payload", forward: true), Bearer(token));

        Assert.DoesNotContain(outcome.Edits, e => e.Name == "Authorization");
        Assert.Contains(new JwtHeaderEdit("x-jwt-payload", token.Split('.')[1]), outcome.Edits);
    }

    [Fact]
    public void Claims_NestedAndListClaims_AreReadByPath()
    {
        var token = _issuer.Token("jason", Now, new Dictionary<string, object?> { ["groups"] = new[] { "admin", "dev" }, ["realm"] = new { roles = new[] { "reader" } }, ["level"] = 3 });

        var principal = Authenticate(Provider(), Bearer(token)).Principal!;

        Assert.Equal(["admin", "dev"], principal.Claims["groups"]);
        Assert.Equal(["reader"], principal.Claims["realm][roles"]);
        Assert.Equal(["3"], principal.Claims["level"]);
        Assert.False(principal.Claims.ContainsKey("missing"));
    }

    private sealed class Source(Dictionary<string, string> headers, Dictionary<string, string> query) : IJwtSource
    {
        public string? Header(string name) => headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

        public string? QueryParameter(string name) => query.GetValueOrDefault(name);

        public string? Cookie(string name) => null;
    }
}
