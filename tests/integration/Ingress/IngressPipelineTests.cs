using System.Net;
using System.Threading.Channels;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.Proxy.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.IntegrationTests.Ingress;

/// <summary>
/// The request pipeline's contract through a real ingress (Kestrel, Redis, a real upstream): what a record step sees
/// after each response (route, cluster, endpoint, attempts) and the response flags each step sets at the source.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class IngressPipelineTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly RecordedRequests _recorded = new();
    private IngressHarness _ingress = null!;

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(redis, services =>
        {
            services.AddSingleton(_recorded);
            services.AddRequestRecorder<RecordedRequests>(ProxyListeners.Ingress);
        });
        await _ingress.AddUpstreamAsync("productpage", "productpage-v1");
        await _ingress.ApplyAsync(IngressConfigs.Gateway());
    }

    public async Task DisposeAsync() => await _ingress.DisposeAsync();

    [Fact]
    public async Task Record_RoutedRequest_RouteClusterEndpointAndNoFlags()
    {
        await RouteAsync("- route: [{destination: {host: productpage}}]");

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/");
        var record = await _recorded.NextAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(200, record.Status);
        Assert.Equal("-", record.Flags);
        Assert.Equal("default/site/0", record.Route);
        Assert.Equal("outbound|||productpage.default.svc.cluster.local", record.Cluster);
        Assert.StartsWith("127.0.0.1:", record.Endpoint);
        Assert.Equal(1, record.Attempts);
        Assert.Equal(Reporter.Source, record.Reporter);
        Assert.True(record.Duration > TimeSpan.Zero);
    }

    [Fact]
    public async Task Record_NoRuleMatches_404WithNR()
    {
        await RouteAsync("""
            - match: [{uri: {prefix: /known}}]
              route: [{destination: {host: productpage}}]
            """);

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/unknown");
        var record = await _recorded.NextAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NR", record.Flags);
    }

    [Fact]
    public async Task Record_DestinationWithoutCluster_503WithNC()
    {
        await RouteAsync("- route: [{destination: {host: nowhere}}]");

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/");
        var record = await _recorded.NextAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("NC", record.Flags);
    }

    [Fact]
    public async Task Record_FaultAbort_StatusWithFI()
    {
        await RouteAsync("""
            - fault: {abort: {httpStatus: 418, percentage: {value: 100}}}
              route: [{destination: {host: productpage}}]
            """);

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/");
        var record = await _recorded.NextAsync();

        Assert.Equal(418, (int)response.StatusCode);
        Assert.Equal("FI", record.Flags);
    }

    [Fact]
    public async Task Record_AuthorizationPolicyDenies_403WithRbacFlagAndPolicy()
    {
        await _ingress.ApplyAsync("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: deny-admin, namespace: istio-system}
            spec:
              selector: {matchLabels: {istio: ingressgateway}}
              action: DENY
              rules: [{to: [{operation: {paths: ["/admin"]}}]}]
            """);
        await RouteAsync("- route: [{destination: {host: productpage}}]");

        using var response = await _ingress.SendAsync(HttpMethod.Get, "/admin");
        var record = await _recorded.NextAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(ResponseFlags.RbacAccessDenied, record.FlagBits);
        Assert.Equal("-", record.Flags); // Envoy has no short code for it: the details say it
        Assert.Equal("rbac_access_denied_matched_policy[ns[istio-system]-policy[deny-admin]]", record.Details);
    }

    /// <summary>
    /// Regression (seen in full runs as a "connection reset" on the request after an RBAC-denied POST through a
    /// sidecar): an upstream that answers before reading the request body makes YARP report a request-body error after
    /// the answer was sent; the forward step took it for a failed forward and aborted the client's connection, so the
    /// client's next request on that keep-alive connection could be reset. The answer is the outcome; the connection stays.
    /// </summary>
    [Fact]
    public async Task Forward_UpstreamAnswersBeforeReadingTheBody_AnswerRecordedAsIs_ConnectionStaysUsable()
    {
        await using var upstream = await EarlyAnsweringH2UpstreamAsync();
        await _ingress.WaitForRevisionAsync(await _ingress.RegisterAsync("uploads", "uploads-1", new Uri(upstream.Urls.First()).Port));
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: uploads
            spec:
              host: uploads
              trafficPolicy: {connectionPool: {http: {h2UpgradePolicy: UPGRADE}}}
            """));
        await RouteAsync("- route: [{destination: {host: uploads}}]");
        var connections = 0;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellation) =>
            {
                Interlocked.Increment(ref connections);
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = _ingress.Listeners.HttpUri, Timeout = IngressHarness.Timeout };

        // 2 MiB: more than the upstream's HTTP/2 stream window, so the proxy cannot have sent it all before the answer.
        using (var post = await client.PostAsync("/upload", new ByteArrayContent(new byte[2 * 1024 * 1024])))
        {
            Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
            Assert.Equal("denied before reading", await post.Content.ReadAsStringAsync());
        }

        var record = await _recorded.NextAsync();
        using var get = await client.GetAsync("/after");

        Assert.Equal(403, record.Status);
        Assert.Equal("-", record.Flags); // not UF/URX: the upstream answered
        Assert.Equal("via_upstream", record.Details);
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(1, Volatile.Read(ref connections)); // the same keep-alive connection carried both
    }

    /// <summary>An h2c upstream that answers a POST 403 without reading its body, anything else 200.</summary>
    private static async Task<WebApplication> EarlyAnsweringH2UpstreamAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(context =>
        {
            if (HttpMethods.IsPost(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return context.Response.WriteAsync("denied before reading");
            }

            return context.Response.WriteAsync("ok");
        });
        await app.StartAsync();
        return app;
    }

    private async Task RouteAsync(string httpRules) =>
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(IngressConfigs.VirtualService("site", httpRules)));

    private sealed record Record(int Status, ResponseFlags FlagBits, string Flags, string? Route, string? Cluster, string? Endpoint, int Attempts, Reporter Reporter, TimeSpan Duration, string? Details);

    /// <summary>A record step that copies what it sees (the request context is pooled) into a channel the test reads.</summary>
    private sealed class RecordedRequests : IRequestRecorder
    {
        private readonly Channel<Record> _records = Channel.CreateUnbounded<Record>();

        public void Record(ProxyRequest request) => _records.Writer.TryWrite(new Record(
            request.Http.Response.StatusCode,
            request.Flags,
            ResponseFlagsFormat.ToEnvoyString(request.Flags),
            request.RouteName,
            request.ClusterName,
            request.Endpoint?.ToString(),
            request.Attempts,
            request.Reporter,
            TimeProvider.System.GetElapsedTime(request.StartTimestamp, request.EndTimestamp),
            request.ResponseCodeDetails));

        public async Task<Record> NextAsync() => await _records.Reader.ReadAsync().AsTask().WaitAsync(IngressHarness.Timeout);
    }
}
