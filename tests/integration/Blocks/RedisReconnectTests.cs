using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.PubSub;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>Redis going away and coming back. Each test owns its redis-server, since it stops it.</summary>
public sealed class RedisReconnectTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ReconnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>StackExchange.Redis backs off by half the connect timeout between reconnects, and holds commands while disconnected up to the async timeout; keep tests quick.</summary>
    private static string FastReconnect(RedisServer server) => $"{server.ConnectionString},connectTimeout=500,asyncTimeout=1000,syncTimeout=1000";

    [Fact]
    public async Task SubscribeAsync_ServerRestarts_OnResubscribedFiresAndDeliveryResumes()
    {
        await using var server = await RedisServer.StartAsync();
        using var logging = TestOutputLogger.Factory(output);
        await using var mesh = RedisMeshStateFactory.Create(FastReconnect(server), new FakeTimeProvider(TestData.Start), logging: logging);
        await ConnectedAsync(mesh);
        var resubscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var messages = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await using var subscription = await mesh.PubSub.SubscribeAsync(ChangeNotice.Topic, new PubSubHandler(
            (message, _) =>
            {
                messages.Writer.TryWrite(message);
                return ValueTask.CompletedTask;
            },
            _ =>
            {
                resubscribed.TrySetResult();
                return ValueTask.CompletedTask;
            }));

        await server.RestartAsync();
        await resubscribed.Task.WaitAsync(ReconnectTimeout);

        // the new server has no data and no cached scripts: a write must still work and its notice must arrive
        var stored = await mesh.Configs.PutAsync(TestData.Vs("reviews"));
        var notice = ChangeNoticeJson.TryParse(await messages.Reader.ReadAsync().AsTask().WaitAsync(NoticeRecorder.Timeout));
        Assert.Equal(1, notice!.Revision);
        Assert.Equal(stored.Key.ToString(), notice.Key);
    }

    /// <summary>
    /// Regression (issue 15): the topology change that a lost connection raises made the subscription bind again while
    /// the server was still down. The rebind dropped the subscription's queue, its new subscribe timed out, and the
    /// queue was never read again: every later notice was lost, though resyncs still came. Here the server stays down
    /// until a rebind attempt has failed, so the old race is taken every time.
    /// </summary>
    [Fact]
    public async Task SubscribeAsync_ServerDownLongerThanACommandTimeout_DeliveryResumesWhenItReturns()
    {
        await using var server = await RedisServer.StartAsync();
        var log = new CapturingLoggerProvider();
        using var logging = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(log).AddProvider(new TestOutputLogger(output)));
        await using var mesh = RedisMeshStateFactory.Create(FastReconnect(server), new FakeTimeProvider(TestData.Start), logging: logging);
        await ConnectedAsync(mesh);
        var resubscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var messages = System.Threading.Channels.Channel.CreateUnbounded<string>();
        await using var subscription = await mesh.PubSub.SubscribeAsync(ChangeNotice.Topic, new PubSubHandler(
            (message, _) =>
            {
                messages.Writer.TryWrite(message);
                return ValueTask.CompletedTask;
            },
            _ =>
            {
                resubscribed.TrySetResult();
                return ValueTask.CompletedTask;
            }));

        await server.StopAsync();
        await log.WaitForAsync(line => line.Contains("rebinding, attempt 2", StringComparison.Ordinal)).WaitAsync(ReconnectTimeout);
        await server.RestartAsync();
        await resubscribed.Task.WaitAsync(ReconnectTimeout);

        var stored = await mesh.Configs.PutAsync(TestData.Vs("reviews"));
        var notice = ChangeNoticeJson.TryParse(await messages.Reader.ReadAsync().AsTask().WaitAsync(NoticeRecorder.Timeout));
        Assert.Equal(stored.Key.ToString(), notice!.Key);
    }

    /// <summary>The first connect may outlast its 500 ms timeout on a loaded machine; the tests start once it is up.</summary>
    private static async Task ConnectedAsync(MeshStateUnderTest mesh)
    {
        using var timeout = new CancellationTokenSource(ReconnectTimeout);
        await mesh.WaitUntilConnectedAsync(timeout.Token);
    }

    [Fact]
    public async Task Reader_RedisDownAtStart_WorksOnceRedisIsUp()
    {
        await using var server = await RedisServer.StartAsync();
        await server.StopAsync();
        await using var mesh = RedisMeshStateFactory.Create(FastReconnect(server), new FakeTimeProvider(TestData.Start));

        await Assert.ThrowsAnyAsync<Exception>(async () => await mesh.Reader.GetRevisionAsync());

        await server.RestartAsync();
        using var timeout = new CancellationTokenSource(ReconnectTimeout);
        await mesh.WaitUntilConnectedAsync(timeout.Token);
        Assert.Equal(0, await mesh.Reader.GetRevisionAsync(timeout.Token));
    }
}
