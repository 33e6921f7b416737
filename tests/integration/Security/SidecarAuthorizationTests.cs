using System.Net;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.IntegrationTests.Blocks;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Sidecar;
using Xunit;

namespace GatewayMesh.IntegrationTests.Security;

/// <summary>The real sidecar's inbound listener enforces policies before the app; plaintext callers have no principal.</summary>
[Collection(RedisCollection.Name)]
public sealed class SidecarAuthorizationTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Inbound_DenyPostToRatings_AndPrincipalRuleDeniesPlaintext_AppNeverReached()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        await using var writer = RedisMeshStateFactory.Create(redis.ConnectionString, TimeProvider.System, prefix);
        var reached = 0;
        await using var app = await UpstreamApp.StartAsync("ratings", before: () =>
        {
            Interlocked.Increment(ref reached);
            return Task.CompletedTask;
        });
        await using var sidecar = await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "ratings", app.Port);

        var parsed = ConfigParser.Parse("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: deny-post, namespace: default}
            spec:
              selector: {matchLabels: {app: ratings}}
              action: DENY
              rules:
              - to: [{operation: {methods: [POST]}}]
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: admin-needs-identity, namespace: default}
            spec:
              action: DENY
              rules:
              - from: [{source: {notPrincipals: ["*"]}}]
                to: [{operation: {paths: ["/admin*"], ports: ["APP_PORT"]}}]
            """.Replace("APP_PORT", app.Port.ToString(), StringComparison.Ordinal));
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        var revision = 0L;
        foreach (var resource in parsed.Resources)
        {
            revision = long.Parse((await writer.Configs.PutAsync(resource)).Metadata.ResourceVersion!);
        }

        await sidecar.State.WaitForRevisionAsync(revision).WaitAsync(TimeSpan.FromSeconds(30));

        using var post = await sidecar.Inbound.PostAsync("/ratings/0", new StringContent("{}"));
        using var admin = await sidecar.Inbound.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("RBAC: access denied", await post.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        Assert.Equal(0, Volatile.Read(ref reached));

        using var get = await sidecar.Inbound.GetAsync("/ratings/0");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(1, Volatile.Read(ref reached));
    }
}
