using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using GatewayMesh.IntegrationTests.Protocols.Grpc;
using GatewayMesh.IntegrationTests.Sidecar;
using GatewayMesh.Proxy.Forwarding;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.IntegrationTests.Protocols;

/// <summary>
/// Long-lived and non-HTTP/1.1 traffic through ingress → sidecar inbound → app: gRPC over h2c end to end, WebSockets
/// (HTTP/1.1 Upgrade and HTTP/2 extended CONNECT), and streams under a short idle timeout (1 s on the ingress).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class ThroughIngressTests(RedisServerFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(1);
    private readonly List<IAsyncDisposable> _owned = [];
    private IngressHarness _ingress = null!;
    private StreamingTestApp _streaming = null!;

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(
            redis, services => services.AddSingleton(new MeshForwardingOptions { RouteOnGatewayPort = true, ActivityTimeout = IdleTimeout }));
        var greeterApp = Own(await GrpcTestApp.StartAsync());
        var greeter = Own(await SidecarTestHost.StartAsync(redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "greeter", greeterApp.Port));
        _streaming = Own(await StreamingTestApp.StartAsync());
        var echo = Own(await SidecarTestHost.StartAsync(redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), "echo", _streaming.Port));
        await _ingress.RegisterAsync("greeter", "greeter-1", greeter.Listeners.InboundUri.Port);
        await _ingress.RegisterAsync("echo", "echo-1", echo.Listeners.InboundUri.Port);
        await _ingress.ApplyAsync(IngressConfigs.Gateway());
        var revision = await _ingress.ApplyAsync(IngressConfigs.VirtualService("routes", """
            - match: [{uri: {prefix: /meshtest.Greeter/}}]
              route: [{destination: {host: greeter}}]
            - route: [{destination: {host: echo}}]
            """));
        await _ingress.WaitForRevisionAsync(revision);
    }

    public async Task DisposeAsync()
    {
        await _ingress.DisposeAsync();
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    [Fact]
    public async Task Grpc_IngressToSidecarToApp_ReplyStreamAndTrailers()
    {
        using var client = MeshGrpcClient.Through(IngressUri, "http://greeter.example");

        using var hello = client.Greeter.SayHelloAsync(new HelloRequest { Name = "edge" });
        var reply = await hello.ResponseAsync;
        using var count = client.Greeter.Count(new CountRequest { To = 3 });
        var values = new List<int>();
        await foreach (var value in count.ResponseStream.ReadAllAsync())
        {
            values.Add(value.Value);
        }

        Assert.Equal("hello edge at greeter.example over HTTP/2", reply.Message);
        Assert.Equal("greeter-app", hello.GetTrailers().GetValue(GreeterService.ServedByTrailer));
        Assert.Equal([1, 2, 3], values);
        Assert.Equal(StatusCode.OK, count.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Grpc_IngressToSidecarToApp_ErrorStatusArrivesAsTrailers()
    {
        using var client = MeshGrpcClient.Through(IngressUri, "http://greeter.example");

        var error = await Assert.ThrowsAsync<RpcException>(() => client.Greeter.FailAsync(new FailRequest { Detail = "edge says no" }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("edge says no", error.Status.Detail);
        Assert.Equal("asked-to-fail", error.Trailers.GetValue(GreeterService.ReasonTrailer));
    }

    [Fact]
    public async Task WebSocket_Http11UpgradeThroughIngressAndSidecar_Echoes()
    {
        var echoes = await WebSocketEcho.RoundTripAsync(new Uri($"ws://127.0.0.1:{IngressUri.Port}/ws"), ["one", "two"]);

        Assert.Equal(["one", "two", "closed:NormalClosure"], echoes);
    }

    [Fact]
    public async Task WebSocket_Http2ExtendedConnectThroughIngressAndSidecar_Echoes()
    {
        var echoes = await WebSocketEcho.RoundTripAsync(new Uri($"ws://127.0.0.1:{IngressUri.Port}/ws"), ["over h2"], http2: true);

        Assert.Equal(["over h2", "closed:NormalClosure"], echoes);
    }

    [Fact]
    public async Task Stream_ChunksMoreOftenThanIdleTimeout_ArrivesWhole()
    {
        // 12 chunks 150 ms apart: the stream lasts longer than the 1 s idle timeout, but is never idle that long.
        var body = await _ingress.Client.GetStringAsync("/stream?count=12&every=150");

        Assert.Equal(string.Concat(Enumerable.Range(1, 12).Select(i => $"chunk {i}\n")), body);
    }

    [Fact]
    public async Task Stream_SilentLongerThanIdleTimeout_IsCut()
    {
        using var response = await _ingress.Client.GetAsync("/silent", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("first", await reader.ReadLineAsync());
        await Assert.ThrowsAnyAsync<IOException>(() => reader.ReadToEndAsync());
        await _streaming.SilentAborted.Task.WaitAsync(IngressHarness.Timeout);
    }

    private Uri IngressUri => _ingress.Client.BaseAddress!;

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
