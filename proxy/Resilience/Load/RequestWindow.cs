namespace GatewayMesh.Proxy.Resilience.Load;

/// <summary>
/// The requests (attempts, retries included) started to one cluster within the last <see cref="Interval"/>: the base
/// of a retry budget with <c>budgetInterval</c>. Counted in ten slots of a tenth of the interval each; a slot older than
/// the interval no longer counts, so the count covers between nine tenths and all of the interval. Time comes from the
/// injected <see cref="TimeProvider"/>. Shared by every generation of the cluster whose budget has this interval.
/// </summary>
public sealed class RequestWindow
{
    private const int Slots = 10;
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly long _slotTicks;
    private readonly long[] _epochs = new long[Slots];
    private readonly long[] _counts = new long[Slots];

    public RequestWindow(TimeSpan interval, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
        _time = time;
        _slotTicks = Math.Max(1, (long)(interval.TotalSeconds * time.TimestampFrequency / Slots));
        Array.Fill(_epochs, long.MinValue);
    }

    public TimeSpan Interval { get; }

    /// <summary>Requests started within the last interval.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                var now = Epoch();
                var total = 0L;
                for (var i = 0; i < Slots; i++)
                {
                    if (now - _epochs[i] < Slots)
                    {
                        total += _counts[i];
                    }
                }

                return total;
            }
        }
    }

    /// <summary>Counts one request started now.</summary>
    public void Record()
    {
        lock (_gate)
        {
            var epoch = Epoch();
            var slot = (int)(epoch % Slots);
            if (_epochs[slot] != epoch)
            {
                _epochs[slot] = epoch;
                _counts[slot] = 0;
            }

            _counts[slot]++;
        }
    }

    private long Epoch() => _time.GetTimestamp() / _slotTicks;
}
