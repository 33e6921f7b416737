using GatewayMesh.Core.Blocks;

namespace GatewayMesh.Core.Snapshots;

/// <summary>What the watcher's single loop acts on, in arrival order.</summary>
internal abstract record WatcherSignal
{
    public static WatcherSignal Check { get; } = new CheckSignal();

    public sealed record NoticeSignal(ChangeNotice Notice) : WatcherSignal;

    /// <summary>A full reload; with <paramref name="VerifyContent"/> (after a topology change) it replaces the snapshot
    /// when the store's content differs even at the same revision, since a failover can lose acknowledged writes.</summary>
    public sealed record ResyncSignal(string Reason, bool VerifyContent = false) : WatcherSignal;

    public sealed record CheckSignal : WatcherSignal;
}
