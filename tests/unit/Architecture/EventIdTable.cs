using System.Text.RegularExpressions;

namespace GatewayMesh.UnitTests.Architecture;

/// <summary>One row of docs/eventids.md: a namespace prefix (null for a feature area) and its inclusive range.</summary>
internal sealed record EventIdRange(string Name, string? Namespace, int First, int Last)
{
    public bool Contains(int id) => id >= First && id <= Last;

    public override string ToString() => $"{Name} ({First}-{Last})";
}

/// <summary>Reads the component and feature-area tables of docs/eventids.md, the one place EventId ranges are kept.</summary>
internal static partial class EventIdTable
{
    public static IReadOnlyList<EventIdRange> Read()
    {
        var path = Path.Combine(SolutionAssemblies.RepositoryRoot, "docs", "eventids.md");
        var ranges = new List<EventIdRange>();
        foreach (var line in File.ReadLines(path))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length < 4 || RangePattern().Match(cells[^2]) is not { Success: true } range)
            {
                continue;
            }

            var first = int.Parse(range.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var last = int.Parse(range.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            var ns = cells.Length >= 5 ? cells[2].Trim('`') : null;
            ranges.Add(new EventIdRange(cells[1], ns, first, last));
        }

        return ranges;
    }

    [GeneratedRegex(@"^(\d+)\s*[–-]\s*(\d+)$")]
    private static partial Regex RangePattern();
}
