namespace GatewayMesh.Dashboard.Graph;

/// <summary>
/// A quantile from cumulative histogram buckets, as PromQL's <c>histogram_quantile</c> computes it: find the bucket
/// holding the rank, interpolate linearly inside it (from 0 for the first bucket); a rank in the <c>+Inf</c> bucket
/// answers the highest finite bound.
/// </summary>
internal static class Quantiles
{
    /// <param name="buckets">Upper bound and cumulative count, in increasing bound order, <c>+Inf</c> last.</param>
    public static double? Of(double quantile, IReadOnlyList<(double UpperBound, double Count)> buckets)
    {
        if (buckets.Count == 0 || buckets[^1].Count <= 0)
        {
            return null;
        }

        var rank = quantile * buckets[^1].Count;
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i].Count < rank)
            {
                continue;
            }

            if (double.IsPositiveInfinity(buckets[i].UpperBound))
            {
                return i > 0 ? buckets[i - 1].UpperBound : null;
            }

            var lowerBound = i == 0 ? 0 : buckets[i - 1].UpperBound;
            var lowerCount = i == 0 ? 0 : buckets[i - 1].Count;
            var inBucket = buckets[i].Count - lowerCount;
            return inBucket <= 0 ? buckets[i].UpperBound : lowerBound + ((buckets[i].UpperBound - lowerBound) * (rank - lowerCount) / inBucket);
        }

        return buckets[^1].UpperBound;
    }
}
