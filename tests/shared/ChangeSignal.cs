using System.Diagnostics;

namespace GatewayMesh.Testing;

/// <summary>
/// Waits for a condition on something outside the test process (a file another process writes, a process's state
/// behind its HTTP API) by re-checking it each time that thing may have changed: a file event, a line the process
/// printed (<see cref="Pulse"/>), never on a fixed cadence. The condition is checked before the first wait, and each
/// wait takes the signal before the check, so a change during a check wakes the next wait: no missed-event race.
/// <see cref="Recheck"/> bounds each wait for a change that raises no event (an inotify queue overflow, a watch
/// added to a new subfolder after the first write in it).
/// </summary>
internal sealed class ChangeSignal : IDisposable
{
    /// <summary>The longest wait between two checks when no event arrives.</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private readonly List<FileSystemWatcher> _watchers = [];
    private TaskCompletionSource _next = NewSource();

    /// <summary>Wakes the waiter: something may have changed.</summary>
    public void Pulse() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    /// <summary>Pulses on every change of a file named by <paramref name="filter"/> in <paramref name="folder"/> (and its subfolders when <paramref name="recursive"/>).</summary>
    public ChangeSignal Watch(string folder, string filter, bool recursive = false)
    {
        var watcher = new FileSystemWatcher(folder, filter)
        {
            IncludeSubdirectories = recursive,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += (_, _) => Pulse();
        watcher.Created += (_, _) => Pulse();
        watcher.Renamed += (_, _) => Pulse();
        watcher.Deleted += (_, _) => Pulse();
        watcher.Error += (_, _) => Pulse(); // events were lost: check again
        watcher.EnableRaisingEvents = true;
        _watchers.Add(watcher);
        return this;
    }

    /// <summary>True once <paramref name="condition"/> holds; false when <paramref name="stop"/> completed first or <paramref name="deadline"/> passed.</summary>
    public async Task<bool> WaitUntilAsync(Func<Task<bool>> condition, TimeSpan deadline, Task? stop = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var changed = Volatile.Read(ref _next).Task; // taken before the check: a change during it wakes the wait below
            if (await condition())
            {
                return true;
            }

            var left = deadline - waited.Elapsed;
            if (left <= TimeSpan.Zero || stop is { IsCompleted: true })
            {
                return false;
            }

            try
            {
                await (stop is null ? changed : Task.WhenAny(changed, stop)).WaitAsync(left < Recheck ? left : Recheck);
            }
            catch (TimeoutException)
            {
                // no event: check once more (see Recheck)
            }
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
