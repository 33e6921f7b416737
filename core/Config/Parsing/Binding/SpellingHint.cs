namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>Finds the known name a misspelt one most likely meant, by edit distance (a swap of two letters counts as one edit).</summary>
internal static class SpellingHint
{
    /// <summary>The closest candidate within a few edits, or null when none is close enough to be a useful guess.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        var allowed = Math.Max(1, Math.Min(3, typed.Length / 3));
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(typed.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance && distance <= allowed)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>" (did you mean "x"?)" when a candidate is close, else empty.</summary>
    public static string Suffix(string typed, IEnumerable<string> candidates) =>
        Closest(typed, candidates) is { } guess ? $" (did you mean \"{guess}\"?)" : "";

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    internal static int Distance(string a, string b)
    {
        // More than three edits is never a useful guess, and this keeps a hostile, very long name cheap.
        if (Math.Abs(a.Length - b.Length) > 3)
        {
            return Math.Abs(a.Length - b.Length);
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
