using GatewayMesh.Core.Blocks;

namespace GatewayMesh.Core.Snapshots;

/// <summary>What the watcher's single loop acts on, in arrival order.</summary>
internal abstract record WatcherSignal
{
    public static WatcherSignal Check { get; } = new CheckSignal();

    public sealed record NoticeSignal(ChangeNotice Notice) : WatcherSignal;

    public sealed record ResyncSignal(string Reason) : WatcherSignal;

    public sealed record CheckSignal : WatcherSignal;
}
