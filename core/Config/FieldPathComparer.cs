namespace GatewayMesh.Core.Config;

/// <summary>Orders field paths as a reader expects: <c>spec.http[2]</c> before <c>spec.http[10]</c> (digit runs compare by value).</summary>
public sealed class FieldPathComparer : IComparer<string>
{
    public static FieldPathComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                var xRun = DigitRun(x, ref i);
                var yRun = DigitRun(y, ref j);
                var byValue = xRun.Length != yRun.Length ? xRun.Length.CompareTo(yRun.Length) : xRun.CompareTo(yRun, StringComparison.Ordinal);
                if (byValue != 0)
                {
                    return byValue;
                }

                continue;
            }

            if (x[i] != y[j])
            {
                return x[i].CompareTo(y[j]);
            }

            i++;
            j++;
        }

        return (x.Length - i).CompareTo(y.Length - j);
    }

    /// <summary>The digits from <paramref name="i"/>, leading zeros dropped.</summary>
    private static ReadOnlySpan<char> DigitRun(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        return text.AsSpan(start, i - start).TrimStart('0');
    }
}
