using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports every timer created with a finite due time, so a test can wait until
/// the code under test is really waiting (a backoff, a timeout) before it advances the clock.
/// </summary>
internal sealed class TimerWatchingTimeProvider : FakeTimeProvider
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>The due time of the next timer created (waits for it).</summary>
    public async Task<TimeSpan> NextTimerAsync() =>
        await _timers.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
}
