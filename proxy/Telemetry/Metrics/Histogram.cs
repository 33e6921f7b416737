namespace GatewayMesh.Proxy.Telemetry.Metrics;

/// <summary>
/// Fixed bucket boundaries for one histogram family, in the unit the family is recorded in, with the scale that turns
/// recorded integers into the exposed unit (durations are recorded in microseconds and exposed in milliseconds).
/// </summary>
public sealed class HistogramBounds
{
    public HistogramBounds(double[] upperBounds, long scale)
    {
        UpperBounds = upperBounds;
        Scale = scale;
        ScaledBounds = [.. upperBounds.Select(b => (long)Math.Round(b * scale))];
        Labels = [.. upperBounds.Select(b => b.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), "+Inf"];
    }

    /// <summary>Istio's duration buckets, in milliseconds.</summary>
    public static HistogramBounds DurationMilliseconds { get; } = new(
        [0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000], 1000);

    /// <summary>Istio's size buckets, in bytes (1 B to 1 GB, powers of ten).</summary>
    public static HistogramBounds Bytes { get; } = new([1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000], 1);

    public double[] UpperBounds { get; }

    public long[] ScaledBounds { get; }

    public long Scale { get; }

    /// <summary>The <c>le</c> label of each bucket, <c>+Inf</c> last.</summary>
    public string[] Labels { get; }

    /// <summary>The bucket a recorded value falls in: the first whose bound is not below it, else the last (<c>+Inf</c>).</summary>
    public int BucketOf(long scaledValue)
    {
        var bounds = ScaledBounds;
        for (var i = 0; i < bounds.Length; i++)
        {
            if (scaledValue <= bounds[i])
            {
                return i;
            }
        }

        return bounds.Length;
    }
}

/// <summary>One histogram series: a count per bucket (not cumulative) and the sum, updated with interlocked adds only.</summary>
public sealed class HistogramCells(HistogramBounds bounds)
{
    private readonly long[] _buckets = new long[bounds.ScaledBounds.Length + 1];
    private long _sum;

    public HistogramBounds Bounds { get; } = bounds;

    public void Record(long scaledValue)
    {
        Interlocked.Increment(ref _buckets[Bounds.BucketOf(scaledValue)]);
        Interlocked.Add(ref _sum, scaledValue);
    }

    /// <summary>Adds this histogram's current figures to <paramref name="cumulative"/> (cumulative counts) and returns the sum added.</summary>
    public long AddTo(long[] cumulative)
    {
        long running = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            running += Volatile.Read(ref _buckets[i]);
            cumulative[i] += running;
        }

        return Volatile.Read(ref _sum);
    }
}
