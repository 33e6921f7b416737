using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.IntegrationTests.Policy;

/// <summary>
/// AuthorizationPolicy <c>action: CUSTOM</c> with an <c>envoyExtAuthzHttp</c> provider from the mesh config: the ingress
/// asks a real authorizer, registered in the mesh, before forwarding; its answer decides, and the headers the provider
/// names travel upstream on allow and downstream on deny.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ExtAuthzTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string Provider = """
        apiVersion: mesh.gatewaymesh.io/v1alpha1
        kind: MeshConfig
        metadata: {name: default, namespace: istio-system}
        spec:
          extensionProviders:
          - name: sample-ext-authz-http
            envoyExtAuthzHttp:
              service: ext-authz.default.svc.cluster.local
              port: 8000
              includeRequestHeadersInCheck: ["x-ext-authz"]
              headersToUpstreamOnAllow: ["x-ext-authz-check-result"]
              headersToDownstreamOnDeny: ["x-ext-authz-check-result"]
        ---
        apiVersion: security.istio.io/v1
        kind: AuthorizationPolicy
        metadata: {name: ext-authz, namespace: istio-system}
        spec:
          selector: {matchLabels: {istio: ingressgateway}}
          action: CUSTOM
          provider: {name: sample-ext-authz-http}
          rules:
          - to: [{operation: {paths: ["/productpage"]}}]
        """;

    private IngressHarness _ingress = null!;
    private WebApplication _authorizer = null!;
    private int _checks;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _authorizer = builder.Build();
        _authorizer.Run(async context =>
        {
            Interlocked.Increment(ref _checks);
            var allowed = context.Request.Headers["x-ext-authz"] == "allow";
            context.Response.Headers["x-ext-authz-check-result"] = allowed ? "allowed" : "denied";
            context.Response.StatusCode = allowed ? 200 : 403;
            await context.Response.WriteAsync(allowed ? "" : "denied by ext_authz for not found header `x-ext-authz: allow` in the request");
        });
        await _authorizer.StartAsync();
        _ingress = await IngressHarness.StartAsync(redis, _ => { });
        await _ingress.AddUpstreamAsync("productpage", "productpage-1");
        await _ingress.RegisterAsync("ext-authz", "ext-authz-1", new Uri(_authorizer.Urls.First()).Port);
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(PolicyConfigs.ProductpageRoute + "\n---\n" + Provider));
    }

    public async Task DisposeAsync()
    {
        await _ingress.DisposeAsync();
        await _authorizer.DisposeAsync();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? authz)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authz is not null)
        {
            request.Headers.Add("x-ext-authz", authz);
        }

        return await _ingress.Client.SendAsync(request);
    }

    [Fact]
    public async Task Custom_AuthorizerAllows_CallIsForwardedWithTheHeadersItAdded()
    {
        using var response = await GetAsync("/productpage", "allow");
        var echo = System.Text.Json.JsonSerializer.Deserialize<UpstreamEcho>(await response.Content.ReadAsStringAsync(), System.Text.Json.JsonSerializerOptions.Web)!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("allowed", echo.Headers["x-ext-authz-check-result"]);
    }

    [Fact]
    public async Task Custom_AuthorizerDenies_ItsAnswerGoesBackToTheClient()
    {
        using var response = await GetAsync("/productpage", "deny");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("denied", response.Headers.GetValues("x-ext-authz-check-result").Single());
        Assert.Contains("denied by ext_authz", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_PathTheRulesDoNotMatch_IsNotChecked()
    {
        var before = Volatile.Read(ref _checks);
        using var response = await GetAsync("/static/style.css", authz: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, Volatile.Read(ref _checks));
    }
}
