using System.Threading.Channels;
using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.PubSub;
using GatewayMesh.Core.Blocks.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Core.Snapshots;

/// <summary>
/// Holds the current <see cref="MeshSnapshot"/> of the mesh and keeps it current: it loads a full snapshot, then follows
/// change notices. A notice exactly one revision ahead is applied to a copy; a gap, a reconnect, or a periodic check that
/// finds the store at another revision triggers a full reload. Revision numbers alone are not trusted across a failover:
/// a replica promoted before it received the last writes goes back to a lower revision and reuses the lost numbers, so
/// a store behind the snapshot, or any difference of content after a topology change, replaces the snapshot too. Readers get the snapshot with one volatile read and are
/// signalled through a change token when it is replaced; a half-applied snapshot is never visible.
/// </summary>
public sealed class SnapshotWatcher : IAsyncDisposable
{
    private readonly IMeshStateReader _reader;
    private readonly IPubSub _pubSub;
    private readonly SnapshotWatcherOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<WatcherSignal> _signals = Channel.CreateUnbounded<WatcherSignal>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private State _state = new(MeshSnapshot.Empty, SnapshotSource.None, new CancellationTokenSource());
    private IAsyncDisposable? _subscription;
    private ITimer? _checkTimer;
    private ITimer? _retryTimer;
    private TimeSpan _retryDelay;

    // Set by a topology change (a failover may have lost writes and reused their revision numbers) and while an empty
    // store is ignored; until a full load settles it, revision checks compare content, not just the revision.
    // Touched only by StartAsync and then the loop.
    private bool _verifyContent;
    private Task? _loop;

    public SnapshotWatcher(IMeshStateReader reader, IPubSub pubSub, SnapshotWatcherOptions? options = null, TimeProvider? timeProvider = null, ILogger<SnapshotWatcher>? logger = null)
    {
        _reader = reader;
        _pubSub = pubSub;
        _options = options ?? new SnapshotWatcherOptions();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SnapshotWatcher>.Instance;
        _retryDelay = _options.InitialRetryDelay;
    }

    /// <summary>The current snapshot; replaced whole, never modified.</summary>
    public MeshSnapshot Current => Volatile.Read(ref _state).Snapshot;

    public SnapshotSource Source => Volatile.Read(ref _state).Source;

    /// <summary>A token that fires when <see cref="Current"/> is replaced.</summary>
    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _state).Changed.Token);

    /// <summary>
    /// Subscribes and makes the first load: from the store, or, when the store is unreachable, from the snapshot file.
    /// Returns once that first attempt is done; with neither available, <see cref="Source"/> stays <see cref="SnapshotSource.None"/>
    /// and the watcher keeps retrying.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_loop is not null)
        {
            throw new InvalidOperationException("The watcher is already started.");
        }

        if (!await TryLoadFromStoreAsync("start", cancellationToken))
        {
            await TryLoadFromFileAsync(cancellationToken);
        }

        _checkTimer = _time.CreateTimer(_ => Signal(WatcherSignal.Check), null, _options.RevisionCheckInterval, _options.RevisionCheckInterval);
        _loop = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Completes once the snapshot has reached <paramref name="revision"/> or later.</summary>
    public async Task WaitForRevisionAsync(long revision, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state.Snapshot.Revision >= revision && state.Source == SnapshotSource.Store)
            {
                return;
            }

            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (state.Changed.Token.Register(() => changed.TrySetResult()))
            {
                await changed.Task.WaitAsync(cancellationToken);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _signals.Writer.TryComplete();
        _checkTimer?.Dispose();
        _retryTimer?.Dispose();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        if (_subscription is not null)
        {
            try
            {
                await _subscription.DisposeAsync();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The connection may already be gone; nothing is left to release.
            }
        }

        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (await _signals.Reader.WaitToReadAsync(stopping))
            {
                var changed = false;
                var checkRevision = false;
                var resync = default(string);
                var snapshot = Current;
                // A batch ends at a notice that is not ahead: the revision check must run before any later notice is
                // applied, since after a failover "one ahead" of a stale snapshot is not a delta to it.
                while (resync is null && !checkRevision && _signals.Reader.TryRead(out var signal))
                {
                    switch (signal)
                    {
                        case WatcherSignal.NoticeSignal { Notice: var notice }:
                            if (notice.Revision <= snapshot.Revision)
                            {
                                // Usually a notice already covered by a full load; but a store that lost its data
                                // also starts counting again from 1, so make sure with one revision check per batch.
                                checkRevision = true;
                                continue;
                            }

                            if (notice.Revision != snapshot.Revision + 1 || Source == SnapshotSource.None)
                            {
                                resync = $"notice {notice.Revision} after revision {snapshot.Revision}";
                                continue;
                            }

                            var next = SnapshotDelta.Apply(snapshot, notice);
                            if (next is null)
                            {
                                resync = $"notice {notice.Revision} could not be applied";
                                continue;
                            }

                            Log.NoticeApplied(_logger, notice.Revision, notice.Kind, notice.Key);
                            snapshot = next;
                            changed = true;
                            break;
                        case WatcherSignal.ResyncSignal { Reason: var reason, VerifyContent: var verify }:
                            resync = reason;
                            _verifyContent |= verify;
                            break;
                        case WatcherSignal.CheckSignal:
                            checkRevision = true;
                            break;
                    }
                }

                if (resync is null && checkRevision)
                {
                    resync = await RevisionDiffersAsync(snapshot, stopping);
                }

                if (changed)
                {
                    Publish(snapshot, SnapshotSource.Store);
                }

                if (resync is not null)
                {
                    Log.Resyncing(_logger, Current.Revision, resync);
                    changed |= await TryLoadFromStoreAsync(resync, stopping);
                }

                if (changed)
                {
                    await PersistAsync(stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task<string?> RevisionDiffersAsync(MeshSnapshot snapshot, CancellationToken cancellationToken)
    {
        try
        {
            var revision = await _reader.GetRevisionAsync(cancellationToken);
            return revision == snapshot.Revision && Source == SnapshotSource.Store && !_verifyContent ? null : $"store is at revision {revision}";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null; // The store is unreachable; the snapshot we have stays in force.
        }
    }

    private async Task<bool> TryLoadFromStoreAsync(string reason, CancellationToken cancellationToken)
    {
        try
        {
            _subscription ??= await _pubSub.SubscribeAsync(ChangeNotice.Topic, new PubSubHandler(OnMessageAsync, OnResubscribedAsync), cancellationToken);
            var snapshot = await _reader.LoadSnapshotAsync(cancellationToken);
            _retryDelay = _options.InitialRetryDelay;
            var current = Current;
            if (Source == SnapshotSource.Store && snapshot.Revision == current.Revision)
            {
                if (!_verifyContent || snapshot == current)
                {
                    _verifyContent = false;
                    return false;
                }

                Log.StoreContentDiffers(_logger, current.Revision);
            }
            else if (snapshot.Revision == 0 && current.Revision > 0)
            {
                // An empty store behind a non-empty snapshot lost its data (e.g. restarted without persistence).
                // Blanking every proxy's routing would turn a storage fault into an outage: keep the last good state,
                // and compare content from now on, since the next writes reuse the revision numbers we hold.
                Log.StoreWentEmpty(_logger, current.Revision);
                _verifyContent = true;
                return false;
            }
            else if (Source == SnapshotSource.Store && snapshot.Revision < current.Revision)
            {
                Log.StoreWentBack(_logger, current.Revision, snapshot.Revision);
            }

            _verifyContent = false;

            Publish(snapshot, SnapshotSource.Store);
            Log.SnapshotLoaded(_logger, snapshot.Revision, SnapshotSource.Store, snapshot.Configs.Count, snapshot.Instances.Count);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.LoadFailed(_logger, ex, Current.Revision, _retryDelay);
            ScheduleRetry(reason);
            return false;
        }
    }

    private async Task TryLoadFromFileAsync(CancellationToken cancellationToken)
    {
        if (_options.SnapshotFilePath is not { } path)
        {
            return;
        }

        try
        {
            if (await SnapshotFile.ReadAsync(path, cancellationToken) is { } snapshot)
            {
                Publish(snapshot, SnapshotSource.File);
                Log.SnapshotLoaded(_logger, snapshot.Revision, SnapshotSource.File, snapshot.Configs.Count, snapshot.Instances.Count);
            }
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException or UnauthorizedAccessException)
        {
            Log.SnapshotFileUnreadable(_logger, ex, path);
        }
    }

    private async Task PersistAsync(CancellationToken cancellationToken)
    {
        if (_options.SnapshotFilePath is not { } path || Source != SnapshotSource.Store)
        {
            return;
        }

        try
        {
            await SnapshotFile.WriteAsync(path, Current, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.PersistFailed(_logger, ex, path);
        }
    }

    private void ScheduleRetry(string reason)
    {
        var delay = _retryDelay;
        _retryDelay = TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, _options.MaxRetryDelay.Ticks));
        _retryTimer?.Dispose();
        _retryTimer = _time.CreateTimer(_ => Signal(new WatcherSignal.ResyncSignal($"retry after: {reason}")), null, delay, Timeout.InfiniteTimeSpan);
    }

    private void Publish(MeshSnapshot snapshot, SnapshotSource source)
    {
        var previous = Interlocked.Exchange(ref _state, new State(snapshot, source, new CancellationTokenSource()));
        previous.Changed.Cancel();
    }

    private ValueTask OnMessageAsync(string message, CancellationToken cancellationToken)
    {
        try
        {
            Signal(new WatcherSignal.NoticeSignal(BlocksJson.Deserialize<ChangeNotice>(message)));
        }
        catch (System.Text.Json.JsonException ex)
        {
            Log.NoticeUnreadable(_logger, ex);
            Signal(new WatcherSignal.ResyncSignal("unreadable notice"));
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask OnResubscribedAsync(CancellationToken cancellationToken)
    {
        // A resubscription follows a reconnect or a topology change (failover): the store may have lost writes.
        Signal(new WatcherSignal.ResyncSignal("reconnected", VerifyContent: true));
        return ValueTask.CompletedTask;
    }

    private void Signal(WatcherSignal signal) => _signals.Writer.TryWrite(signal);

    private sealed record State(MeshSnapshot Snapshot, SnapshotSource Source, CancellationTokenSource Changed);
}
