namespace GatewayMesh.Cli.Output;

/// <summary>Aligned columns as kubectl prints them: upper-case headers, three spaces between columns, no trailing spaces.</summary>
internal sealed class TableWriter(IReadOnlyList<string> headers)
{
    private const string Gap = "   ";
    private readonly List<string[]> _rows = [];

    public int RowCount => _rows.Count;

    public void AddRow(params string[] cells)
    {
        if (cells.Length != headers.Count)
        {
            throw new ArgumentException($"expected {headers.Count} cells, got {cells.Length}", nameof(cells));
        }

        _rows.Add(cells);
    }

    public void Write(TextWriter writer)
    {
        var widths = headers.Select(h => h.Length).ToArray();
        foreach (var row in _rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        WriteLine(writer, [.. headers], widths);
        foreach (var row in _rows)
        {
            WriteLine(writer, row, widths);
        }
    }

    private static void WriteLine(TextWriter writer, string[] cells, int[] widths)
    {
        var line = string.Concat(cells.Select((cell, i) => i == cells.Length - 1 ? cell : cell.PadRight(widths[i]) + Gap));
        writer.WriteLine(line.TrimEnd());
    }
}
