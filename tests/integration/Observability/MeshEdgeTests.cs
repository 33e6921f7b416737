using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.IntegrationTests.Observability;

/// <summary>The ingress is the mesh's edge in both directions: peer metadata never leaves the mesh in a response either.</summary>
[Collection(RedisCollection.Name)]
public sealed class MeshEdgeTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Ingress_UpstreamAnswersWithPeerMetadata_HeadersNeverReachTheOutsideClient()
    {
        await using var ingress = await IngressHarness.StartAsync(redis);
        await using var hostile = await StartHostileUpstreamAsync();
        await ingress.RegisterAsync("reviews", "reviews-hostile", new Uri(hostile.Urls.First()).Port);
        await ingress.ApplyAsync(IngressConfigs.Gateway());
        var revision = await ingress.ApplyAsync(IngressConfigs.VirtualService("reviews", "- route: [{destination: {host: reviews}}]"));
        await ingress.WaitForRevisionAsync(revision);

        using var response = await ingress.SendAsync(HttpMethod.Get, "/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("kept", Assert.Single(response.Headers.GetValues("x-other"))); // the upstream's answer did arrive
        Assert.False(response.Headers.Contains("x-envoy-peer-metadata"));
        Assert.False(response.Headers.Contains("x-envoy-peer-metadata-id"));
    }

    /// <summary>An upstream that claims a mesh identity in its response headers, as a compromised or careless app could.</summary>
    private static async Task<WebApplication> StartHostileUpstreamAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.Headers["x-envoy-peer-metadata"] = "ChQKBE5BTUUSDBoKYWRtaW4tcG9k"; // "NAME: admin-pod"
            context.Response.Headers["x-envoy-peer-metadata-id"] = "sidecar~10.0.0.9~admin-pod.kube-system~kube-system.svc.cluster.local";
            context.Response.Headers["x-other"] = "kept";
            return context.Response.WriteAsync("hello from outside the rules");
        });
        await app.StartAsync();
        return app;
    }
}
