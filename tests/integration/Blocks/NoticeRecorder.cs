using System.Threading.Channels;
using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.PubSub;

namespace GatewayMesh.IntegrationTests.Blocks;

/// <summary>Subscribes to the change topic and hands out the notices in arrival order.</summary>
public sealed class NoticeRecorder : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Channel<ChangeNotice> _notices = Channel.CreateUnbounded<ChangeNotice>();
    private IAsyncDisposable? _subscription;

    public static async Task<NoticeRecorder> StartAsync(IPubSub pubSub)
    {
        var recorder = new NoticeRecorder();
        recorder._subscription = await pubSub.SubscribeAsync(ChangeNotice.Topic, new PubSubHandler((message, _) =>
        {
            recorder._notices.Writer.TryWrite(ChangeNoticeJson.TryParse(message) ?? throw new InvalidOperationException($"not a notice: {message}"));
            return ValueTask.CompletedTask;
        }));
        return recorder;
    }

    public async Task<ChangeNotice> NextAsync() => await _notices.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    public async Task<IReadOnlyList<ChangeNotice>> TakeAsync(int count)
    {
        var list = new List<ChangeNotice>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(await NextAsync());
        }

        return list;
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.DisposeAsync();
        }
    }
}
