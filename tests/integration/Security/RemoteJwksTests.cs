using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using GatewayMesh.IntegrationTests.Ingress.Tls;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.Proxy.Security.Authentication;
using GatewayMesh.Tests.Jwt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.IntegrationTests.Security;

/// <summary>
/// RequestAuthentication <c>jwksUri</c> end to end: a real registry (the leader fetches the key set over HTTPS, trusting
/// the issuer's private CA through <c>--jwks-ca-file</c>) and a real ingress on one Redis, against an HTTPS JWKS server
/// the test runs. Until a key set was fetched, tokens are refused (fail closed); keys rotate at the next refresh; a
/// failing fetch keeps the last good keys.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RemoteJwksTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string Issuer = "https://issuer.test";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly TestJwtIssuer _first = new(Issuer, "first");
    private readonly TestJwtIssuer _second = new(Issuer, "second");
    private readonly TempDirectory _folder = new();
    private TestPki _pki = null!;
    private WebApplication _jwksServer = null!;
    private volatile string? _served; // null: the server answers 503
    private RegistryTestHost _registry = null!;
    private IngressHarness _ingress = null!;

    public async Task InitializeAsync()
    {
        _pki = TestPki.Create("issuer-private-ca");
        var caFile = _folder.Write("ca.pem", _pki.Root.ExportCertificatePem());
        var leaf = _pki.IssueServer("jwks.test"); // its SAN also holds 127.0.0.1
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(leaf)));
        _jwksServer = builder.Build();
        _jwksServer.MapGet("/keys", () => _served is { } jwks ? Results.Text(jwks, "application/json") : Results.StatusCode(503));
        await _jwksServer.StartAsync();

        var prefix = RedisServerFixture.NewKeyPrefix();
        _registry = await RegistryTestHost.StartAsync(storeArgs:
            ["--redis", redis.ConnectionString, "--key-prefix", prefix, "--jwks-ca-file", caFile, "--jwks-refresh", "1s", "--jwks-retry", "200ms"]);
        _ingress = await IngressHarness.StartAsync(redis.ConnectionString, prefix, _ => { });
        await _ingress.AddUpstreamAsync("productpage", "productpage-v1");
        await _ingress.ApplyAsync(IngressConfigs.Gateway());
        await _ingress.ApplyAsync(IngressConfigs.VirtualService("site", "- route: [{destination: {host: productpage}}]"));
    }

    public async Task DisposeAsync()
    {
        await _ingress.DisposeAsync();
        await _registry.DisposeAsync();
        await _jwksServer.DisposeAsync();
        _pki.Dispose();
        _first.Dispose();
        _second.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task JwksUri_FetchFailsThenServesThenRotatesThenFails_ClosedThenOpenThenRotatedThenLastGoodKept()
    {
        var jwksUri = $"https://127.0.0.1:{new Uri(Addresses(_jwksServer)).Port}/keys";
        await _ingress.ApplyAsync($"""
            apiVersion: security.istio.io/v1
            kind: RequestAuthentication
            metadata: {"{"}name: ingress-jwt, namespace: istio-system{"}"}
            spec:
              selector: {"{"}matchLabels: {"{"}istio: ingressgateway{"}"}{"}"}
              jwtRules:
              - issuer: {Issuer}
                jwksUri: {jwksUri}
            """);

        // Nothing fetched yet (the server answers 503): a token cannot be verified, so it is refused.
        await WaitForProviderAsync(p => p is { Keys: null, KeysError: not null and not "not fetched yet" }, "the registry's failed first fetch");
        using (var refused = await SendAsync(_first.Token("jason", DateTimeOffset.UtcNow)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Jwks remote fetch is failed", (await refused.Content.ReadAsStringAsync()).TrimEnd('\n'));
        }

        // The issuer comes up: the next retry fetches its keys.
        _served = _first.Jwks();
        await WaitForProviderAsync(p => HasKey(p, _first.RsaKeyId), "the first key set");
        using (var accepted = await SendAsync(_first.Token("jason", DateTimeOffset.UtcNow)))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        // Rotation: the issuer now publishes only the second key; the next refresh replaces the set.
        _served = _second.Jwks();
        await WaitForProviderAsync(p => HasKey(p, _second.RsaKeyId) && !HasKey(p, _first.RsaKeyId), "the rotated key set");
        using (var rotated = await SendAsync(_second.Token("jason", DateTimeOffset.UtcNow)))
        using (var retired = await SendAsync(_first.Token("jason", DateTimeOffset.UtcNow)))
        {
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, retired.StatusCode);
        }

        // The issuer fails again: the registry records the error and keeps the last good keys (as istiod keeps its cache).
        _served = null;
        await WaitForRemoteErrorAsync(jwksUri);
        using (var kept = await SendAsync(_second.Token("jason", DateTimeOffset.UtcNow)))
        {
            Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        }
    }

    private static bool HasKey(JwtProvider? provider, string keyId) =>
        provider?.Keys is { } set && set.Keys.Any(k => k.KeyId == keyId);

    /// <summary>Waits, on the ingress's config change notifications, until its one JWT provider satisfies <paramref name="condition"/>.</summary>
    private async Task WaitForProviderAsync(Func<JwtProvider?, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (_ingress.State.GetChangeToken().RegisterChangeCallback(_ => changed.TrySetResult(), null))
            {
                var provider = _ingress.State.Current.Feature<JwtPolicy>()?.Providers.SingleOrDefault();
                if (condition(provider))
                {
                    return;
                }

                try
                {
                    await changed.Task.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"timed out waiting for {what}; the ingress's provider: keys {provider?.Keys?.Keys.Count.ToString() ?? "none"}, error {provider?.KeysError ?? "none"}");
                }
            }
        }
    }

    /// <summary>
    /// Waits until the registry stored the fetch error beside the kept keys, and the ingress serves that revision (its
    /// provider looks the same then, so the stored resource says when).
    /// </summary>
    private async Task WaitForRemoteErrorAsync(string jwksUri)
    {
        using var timeout = new CancellationTokenSource(Wait);
        await _registry.Logs.WaitForAsync(line => line.Contains("keeping the last good keys: True", StringComparison.Ordinal)).WaitAsync(timeout.Token);
        var path = $"/api/v1/configs/remotejwks/istio-system/{GatewayMesh.Registry.Jwks.JwksRefresher.NameOf(jwksUri)}";
        while (true)
        {
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (_ingress.State.GetChangeToken().RegisterChangeCallback(_ => changed.TrySetResult(), null))
            {
                using var response = await _registry.Client.GetAsync(path, timeout.Token);
                var stored = await RegistryTestHost.ReadJsonAsync(response);
                if (stored["spec"]?["lastError"] is not null)
                {
                    await _ingress.State.WaitForRevisionAsync(long.Parse((string)stored["metadata"]!["resourceVersion"]!), timeout.Token);
                    return;
                }

                await changed.Task.WaitAsync(timeout.Token);
            }
        }
    }

    private Task<HttpResponseMessage> SendAsync(string token) =>
        _ingress.SendAsync(HttpMethod.Get, "/productpage", configure: r => r.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token));

    private static string Addresses(WebApplication app) =>
        app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First();
}
