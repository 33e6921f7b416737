using System.Diagnostics;
using System.Runtime.InteropServices;

namespace GatewayMesh.Testing;

/// <summary>
/// Waits for any process to exit, also one that is not this process's child (a grandchild orphaned by a killed
/// parent): Linux's <c>pidfd_open</c> gives a descriptor that turns readable when the process exits (a zombie counts as
/// exited), and <c>poll</c> waits on it with a timeout, on a thread of its own. No polling of /proc, no sleeps.
/// </summary>
internal static class ProcessExit
{
    private const short PollIn = 1;
    private const int Interrupted = 4; // EINTR

    /// <summary>True once <paramref name="pid"/> has exited (or is already gone); false when it still runs after <paramref name="timeout"/>.</summary>
    public static Task<bool> WaitAsync(int pid, TimeSpan timeout)
    {
        var fd = PidfdOpen(pid, 0);
        if (fd < 0)
        {
            return Task.FromResult(true); // ESRCH: no such process (exited and reaped)
        }

        return Task.Factory.StartNew(
            () =>
            {
                try
                {
                    return Poll(fd, timeout);
                }
                finally
                {
                    _ = Close(fd);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    /// <summary>Waits for every pid in <paramref name="pids"/>; returns the ones still running after <paramref name="timeout"/>.</summary>
    public static async Task<IReadOnlyList<int>> WaitAllAsync(IEnumerable<int> pids, TimeSpan timeout)
    {
        var waits = pids.Distinct().Select(async pid => (pid, exited: await WaitAsync(pid, timeout))).ToList();
        return [.. (await Task.WhenAll(waits)).Where(w => !w.exited).Select(w => w.pid)];
    }

    private static bool Poll(int fd, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var left = Math.Max(0, (int)(timeout - waited.Elapsed).TotalMilliseconds);
            var descriptor = new PollFd { Fd = fd, Events = PollIn };
            var ready = PollNative(ref descriptor, 1, left);
            if (ready > 0)
            {
                return true;
            }

            if (ready == 0 || Marshal.GetLastPInvokeError() != Interrupted)
            {
                return false;
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", EntryPoint = "pidfd_open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int PidfdOpen(int pid, uint flags);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int PollNative(ref PollFd fds, ulong count, int timeoutMilliseconds);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
