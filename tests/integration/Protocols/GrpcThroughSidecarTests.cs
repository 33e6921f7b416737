using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Protocols.Grpc;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.IntegrationTests.Sidecar;
using Grpc.Core;
using Xunit;

namespace GatewayMesh.IntegrationTests.Protocols;

/// <summary>
/// Real gRPC over h2c through the mesh: client → its sidecar's outbound listener → the greeter's sidecar inbound →
/// an HTTP/2-only gRPC app. Messages, server streaming, and trailers (grpc-status, custom ones) come back intact.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class GrpcThroughSidecarTests(RedisServerFixture redis) : IAsyncLifetime
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);
    private readonly List<IAsyncDisposable> _owned = [];
    private MeshGrpcClient _client = null!;

    public async Task InitializeAsync()
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        var registry = Own(await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", prefix]));
        var greeterApp = Own(await GrpcTestApp.StartAsync());
        var greeter = Own(await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "greeter", greeterApp.Port, registry));
        await greeter.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(WaitTimeout);
        var callerApp = Own(await UpstreamApp.StartAsync("caller-app"));
        var caller = Own(await SidecarTestHost.StartAsync(redis.ConnectionString, prefix, "caller", callerApp.Port, registry));
        await caller.State.WaitForRevisionAsync(greeter.Registration.CurrentLease!.Revision).WaitAsync(WaitTimeout);
        _client = MeshGrpcClient.Through(caller.Listeners.OutboundUri, "http://greeter:50051");
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    [Fact]
    public async Task Unary_ThroughOutboundAndInbound_ReplyAndTrailersArrive()
    {
        using var call = _client.Greeter.SayHelloAsync(new HelloRequest { Name = "mesh" }, deadline: DateTime.UtcNow.Add(WaitTimeout));

        var reply = await call.ResponseAsync;

        Assert.Equal("hello mesh at greeter:50051 over HTTP/2", reply.Message);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal("greeter-app", call.GetTrailers().GetValue(GreeterService.ServedByTrailer));
    }

    [Fact]
    public async Task ServerStreaming_ThroughOutboundAndInbound_EveryMessageThenTrailers()
    {
        using var call = _client.Greeter.Count(new CountRequest { To = 5 }, deadline: DateTime.UtcNow.Add(WaitTimeout));

        var values = new List<int>();
        await foreach (var reply in call.ResponseStream.ReadAllAsync())
        {
            values.Add(reply.Value);
        }

        Assert.Equal([1, 2, 3, 4, 5], values);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal("greeter-app", call.GetTrailers().GetValue(GreeterService.ServedByTrailer));
    }

    [Fact]
    public async Task FailingCall_ThroughOutboundAndInbound_StatusDetailAndTrailersPropagate()
    {
        using var call = _client.Greeter.FailAsync(new FailRequest { Detail = "not today" }, deadline: DateTime.UtcNow.Add(WaitTimeout));

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        Assert.Equal("not today", error.Status.Detail);
        Assert.Equal("asked-to-fail", error.Trailers.GetValue(GreeterService.ReasonTrailer));
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
