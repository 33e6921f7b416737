using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GatewayMesh.Core.Blocks.PubSub;

namespace GatewayMesh.Core.Blocks;

/// <summary>Turns the change topic of an <see cref="IPubSub"/> into an ordered stream of notices of some kinds.</summary>
internal static class ChangeFeed
{
    public static async IAsyncEnumerable<ChangeNotice> WatchAsync(
        IPubSub pubSub,
        Func<ChangeKind, bool> include,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var notices = Channel.CreateUnbounded<ChangeNotice>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var handler = new PubSubHandler((message, _) =>
        {
            if (ChangeNoticeJson.TryParse(message) is { } notice && include(notice.Kind))
            {
                notices.Writer.TryWrite(notice);
            }

            return ValueTask.CompletedTask;
        });

        await using var subscription = await pubSub.SubscribeAsync(ChangeNotice.Topic, handler, cancellationToken);
        while (await notices.Reader.WaitToReadAsync(cancellationToken))
        {
            while (notices.Reader.TryRead(out var notice))
            {
                yield return notice;
            }
        }
    }
}
