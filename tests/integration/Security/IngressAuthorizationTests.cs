using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using Xunit;

namespace GatewayMesh.IntegrationTests.Security;

/// <summary>The real ingress against real Redis enforces the AuthorizationPolicies that select it, before routing.</summary>
[Collection(RedisCollection.Name)]
public sealed class IngressAuthorizationTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string DenyAdminAtIngress = """
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ingress-no-admin, namespace: istio-system}
        spec:
          selector: {matchLabels: {istio: ingressgateway}}
          action: DENY
          rules:
          - to: [{operation: {paths: ["/admin*"]}}]
        """;

    private IngressHarness _ingress = null!;

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(redis);
        await _ingress.AddUpstreamAsync("productpage", "productpage-v1");
        await _ingress.ApplyAsync(IngressConfigs.Gateway());
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(IngressConfigs.VirtualService("site", "- route: [{destination: {host: productpage}}]")));
    }

    public async Task DisposeAsync() => await _ingress.DisposeAsync();

    [Fact]
    public async Task DenyPolicySelectingIngress_AppliedWhileRunning_403RbacAccessDenied()
    {
        Assert.Equal("/admin/users", (await _ingress.GetEchoAsync("/admin/users")).Path);

        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(DenyAdminAtIngress));

        using var denied = await _ingress.SendAsync(HttpMethod.Get, "/admin/users");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("text/plain", denied.Content.Headers.ContentType?.MediaType);
        Assert.Equal("RBAC: access denied", await denied.Content.ReadAsStringAsync());
        Assert.Equal("/productpage", (await _ingress.GetEchoAsync("/productpage")).Path);
    }

    [Theory]
    [InlineData("/productpage/../admin/users")]
    [InlineData("/productpage/%2E%2E/admin")]
    [InlineData("/./admin")]
    [InlineData("http://localhost/productpage/../admin")]
    public async Task DotSegments_CannotBypassAPathRule(string target)
    {
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(DenyAdminAtIngress));

        var (status, body) = await RawHttp.SendAsync(_ingress.Client.BaseAddress!, target);

        Assert.Equal(403, status);
        Assert.Equal("RBAC: access denied", body);
    }

    [Theory]
    [InlineData("/productpage/../admin")]
    [InlineData("http://localhost/productpage/../admin")]
    public async Task DotSegments_TheForwardedPathIsThePathAuthorized(string target)
    {
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(DenyAdminAtIngress.Replace("\"/admin*\"", "/nothing", StringComparison.Ordinal)));

        var (status, body) = await RawHttp.SendAsync(_ingress.Client.BaseAddress!, target);

        Assert.Equal(200, status);
        Assert.Contains("\"path\":\"/admin\"", body);
    }

    [Fact]
    public async Task PolicyInOtherNamespaceOrSelectingOtherWorkload_NotApplied()
    {
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(DenyAdminAtIngress
            .Replace("namespace: istio-system", "namespace: default", StringComparison.Ordinal)
            + "\n---\n" + DenyAdminAtIngress.Replace("name: ingress-no-admin", "name: other", StringComparison.Ordinal)
                .Replace("istio: ingressgateway", "app: reviews", StringComparison.Ordinal)));

        Assert.Equal("/admin", (await _ingress.GetEchoAsync("/admin")).Path);
    }

    [Fact]
    public async Task RemoteIpBlocks_ReadFirstForwardedForAddress()
    {
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: block-range, namespace: istio-system}
            spec:
              action: DENY
              rules:
              - from: [{source: {remoteIpBlocks: [203.0.113.0/24]}}]
            """));

        using var blocked = await _ingress.SendAsync(HttpMethod.Get, "/", configure: r => r.Headers.Add("X-Forwarded-For", "203.0.113.7, 10.0.0.1"));
        using var other = await _ingress.SendAsync(HttpMethod.Get, "/", configure: r => r.Headers.Add("X-Forwarded-For", "198.51.100.1"));
        using var none = await _ingress.SendAsync(HttpMethod.Get, "/");

        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, none.StatusCode);
    }

    [Fact]
    public async Task OddRequests_HugeHeaderAndWeirdPath_NeverCrash()
    {
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: header-rule, namespace: istio-system}
            spec:
              action: DENY
              rules:
              - when: [{key: "request.headers[x-token]", values: ["bad*"]}]
            """));

        using var huge = await _ingress.SendAsync(HttpMethod.Get, "/", configure: r => r.Headers.Add("x-token", new string('b', 60_000)));
        Assert.True(huge.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.RequestHeaderFieldsTooLarge, $"{(int)huge.StatusCode}");
        var (status, _) = await RawHttp.SendAsync(_ingress.Client.BaseAddress!, "/%00/..%2F..%2F/%ZZ/" + new string('.', 500));
        Assert.InRange(status, 200, 499);
        Assert.Equal(HttpStatusCode.OK, (await _ingress.SendAsync(HttpMethod.Get, "/productpage")).StatusCode);
    }

    [Fact]
    public async Task DebugAuthz_ShowsTheAppliedPolicy()
    {
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(DenyAdminAtIngress));

        var document = await _ingress.Admin.GetStringAsync("/debug/authz");

        Assert.Contains("\"istio-system/ingress-no-admin\"", document);
        Assert.Contains("\"PERMISSIVE\"", document);
    }
}
