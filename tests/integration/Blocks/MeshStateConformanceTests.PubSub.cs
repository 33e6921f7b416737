using System.Collections.Concurrent;
using System.Threading.Channels;
using GatewayMesh.Core.Blocks.PubSub;
using Xunit;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>The pub/sub part of the contract: ordered delivery per subscription, nothing after dispose.</summary>
public abstract partial class MeshStateConformanceTests
{
    private const string TestTopic = "test-topic";

    [Fact]
    public async Task PublishAsync_ManyMessages_EachSubscriberReceivesAllInPublishOrder()
    {
        var first = Channel.CreateUnbounded<string>();
        var second = Channel.CreateUnbounded<string>();
        await using var a = await Mesh.PubSub.SubscribeAsync(TestTopic, Collect(first));
        await using var b = await Mesh.PubSub.SubscribeAsync(TestTopic, Collect(second));

        var sent = Enumerable.Range(0, 200).Select(i => $"m{i}").ToList();
        foreach (var message in sent)
        {
            Assert.True(await Mesh.PubSub.PublishAsync(TestTopic, message) >= 1);
        }

        Assert.Equal(sent, await ReadAsync(first, sent.Count));
        Assert.Equal(sent, await ReadAsync(second, sent.Count));
    }

    [Fact]
    public async Task SubscribeAsync_SlowHandler_MessagesStillOneAtATimeInOrder()
    {
        var inHandler = 0;
        var overlapped = false;
        var received = new ConcurrentQueue<string>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var subscription = await Mesh.PubSub.SubscribeAsync(TestTopic, new PubSubHandler(async (message, _) =>
        {
            overlapped |= Interlocked.Increment(ref inHandler) > 1;
            await Task.Yield();
            received.Enqueue(message);
            Interlocked.Decrement(ref inHandler);
            if (received.Count == 50)
            {
                done.TrySetResult();
            }
        }));

        for (var i = 0; i < 50; i++)
        {
            await Mesh.PubSub.PublishAsync(TestTopic, i.ToString());
        }

        await done.Task.WaitAsync(NoticeRecorder.Timeout);
        Assert.False(overlapped);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString()), received);
    }

    [Fact]
    public async Task SubscribeAsync_AfterDispose_NoMoreMessages()
    {
        var kept = Channel.CreateUnbounded<string>();
        var dropped = Channel.CreateUnbounded<string>();
        await using var keep = await Mesh.PubSub.SubscribeAsync(TestTopic, Collect(kept));
        var drop = await Mesh.PubSub.SubscribeAsync(TestTopic, Collect(dropped));

        await drop.DisposeAsync();
        await Mesh.PubSub.PublishAsync(TestTopic, "after");

        Assert.Equal(["after"], await ReadAsync(kept, 1));
        Assert.False(dropped.Reader.TryRead(out _));
    }

    [Fact]
    public async Task SubscribeAsync_HandlerThrows_LaterMessagesStillDelivered()
    {
        var received = Channel.CreateUnbounded<string>();
        await using var subscription = await Mesh.PubSub.SubscribeAsync(TestTopic, new PubSubHandler((message, _) =>
            message == "bad" ? throw new InvalidOperationException("handler failure") : Collect(received).OnMessage(message, default)));

        await Mesh.PubSub.PublishAsync(TestTopic, "bad");
        await Mesh.PubSub.PublishAsync(TestTopic, "good");

        Assert.Equal(["good"], await ReadAsync(received, 1));
    }

    private static PubSubHandler Collect(Channel<string> into) =>
        new((message, _) =>
        {
            into.Writer.TryWrite(message);
            return ValueTask.CompletedTask;
        });

    private static async Task<List<string>> ReadAsync(Channel<string> from, int count)
    {
        var list = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(await from.Reader.ReadAsync().AsTask().WaitAsync(NoticeRecorder.Timeout));
        }

        return list;
    }
}
