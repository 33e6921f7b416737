using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using GatewayMesh.Tests.Jwt;
using Xunit;

namespace GatewayMesh.IntegrationTests.Security;

/// <summary>
/// RequestAuthentication on the real ingress against real Redis: tokens signed by a local JWKS are verified on the
/// request path (401 with Envoy's reasons otherwise), and AuthorizationPolicies read the request principal and claims.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class IngressJwtTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string Issuer = "https://issuer.test";
    private readonly TestJwtIssuer _issuer = new(Issuer);
    private readonly TestJwtIssuer _impostor = new(Issuer); // same issuer name, other keys
    private IngressHarness _ingress = null!;

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(redis);
        await _ingress.AddUpstreamAsync("productpage", "productpage-v1");
        await _ingress.ApplyAsync(IngressConfigs.Gateway());
        await _ingress.ApplyAsync(IngressConfigs.VirtualService("site", "- route: [{destination: {host: productpage}}]"));
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync($"""
            apiVersion: security.istio.io/v1
            kind: RequestAuthentication
            metadata: {"{"}name: ingress-jwt, namespace: istio-system{"}"}
            spec:
              selector: {"{"}matchLabels: {"{"}istio: ingressgateway{"}"}{"}"}
              jwtRules:
              - issuer: {Issuer}
                jwks: '{_issuer.Jwks()}'
                audiences: [bookinfo]
                outputPayloadToHeader: x-jwt-payload
            """));
    }

    public async Task DisposeAsync()
    {
        await _ingress.DisposeAsync();
        _issuer.Dispose();
        _impostor.Dispose();
    }

    [Fact]
    public async Task ValidToken_Accepted_TokenHeaderRemovedAndPayloadPassedOn()
    {
        var token = Token(_issuer, "jason");

        using var response = await SendAsync("/productpage", token);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = System.Text.Json.JsonSerializer.Deserialize<UpstreamEcho>(body, System.Text.Json.JsonSerializerOptions.Web)!;
        Assert.Null(echo.Header("Authorization"));
        Assert.Equal(token.Split('.')[1], echo.Header("x-jwt-payload"));
    }

    [Fact]
    public async Task NoToken_PassesUnauthenticated()
    {
        Assert.Equal("/productpage", (await _ingress.GetEchoAsync("/productpage")).Path);
    }

    [Fact]
    public async Task BadSignatureExpiryOrAudience_Refused401WithReason()
    {
        var now = DateTimeOffset.UtcNow;
        using var stranger = new TestJwtIssuer("https://elsewhere.test");
        var cases = new (string Token, string Reason)[]
        {
            (Token(_impostor, "jason"), "Jwt verification fails"),
            (_issuer.Token("jason", now.AddHours(-3), new Dictionary<string, object?> { ["aud"] = "bookinfo" }), "Jwt is expired"),
            (_issuer.Token("jason", now, new Dictionary<string, object?> { ["aud"] = "other" }), "Audiences in Jwt are not allowed"),
            (stranger.Token("jason", now), "Jwt issuer is not configured"),
            ("not-a-jwt", "Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections"),
        };

        foreach (var (token, reason) in cases)
        {
            using var response = await SendAsync("/productpage", token);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(reason, (await response.Content.ReadAsStringAsync()).TrimEnd('\n'));
            Assert.StartsWith("Bearer realm=\"http://", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task RequestPrincipalsPolicy_AllowsOnlyTheRightUser()
    {
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync($"""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {"{"}name: only-jason, namespace: istio-system{"}"}
            spec:
              selector: {"{"}matchLabels: {"{"}istio: ingressgateway{"}"}{"}"}
              action: ALLOW
              rules:
              - from: [{"{"}source: {"{"}requestPrincipals: ["{Issuer}/jason"]{"}"}{"}"}]
            """));

        using var jason = await SendAsync("/productpage", Token(_issuer, "jason"));
        using var alice = await SendAsync("/productpage", Token(_issuer, "alice"));
        using var anonymous = await SendAsync("/productpage", null);

        Assert.Equal(HttpStatusCode.OK, jason.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, alice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
    }

    [Fact]
    public async Task ClaimCondition_ListClaimMatchesAnyItem()
    {
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: admins-only, namespace: istio-system}
            spec:
              action: ALLOW
              rules:
              - to: [{operation: {paths: ["/admin*"]}}]
                when: [{key: "request.auth.claims[groups]", values: [admin]}]
              - to: [{operation: {notPaths: ["/admin*"]}}]
            """));

        using var admin = await SendAsync("/admin", Token(_issuer, "jason", ["dev", "admin"]));
        using var developer = await SendAsync("/admin", Token(_issuer, "alice", ["dev"]));
        using var page = await SendAsync("/productpage", Token(_issuer, "alice", ["dev"]));

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, developer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    private static string Token(TestJwtIssuer issuer, string subject, string[]? groups = null)
    {
        var claims = new Dictionary<string, object?> { ["aud"] = new[] { "bookinfo", "other" } };
        if (groups is not null)
        {
            claims["groups"] = groups;
        }

        return issuer.Token(subject, DateTimeOffset.UtcNow, claims);
    }

    private Task<HttpResponseMessage> SendAsync(string path, string? token) =>
        _ingress.SendAsync(HttpMethod.Get, path, configure: r =>
        {
            if (token is not null)
            {
                r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
            }
        });
}
