using System.Globalization;

namespace GatewayMesh.Bench.Ca;

internal sealed record CaBenchOptions
{
    public double Seconds { get; init; } = 5;

    public int Runs { get; init; } = 3;

    public int Clients { get; init; } = 16;

    public string? Url { get; init; }

    public string? CaDir { get; init; }

    /// <summary>The CA's process id, to report certificates per CA CPU-second (robust on a shared machine).</summary>
    public int? CaPid { get; init; }

    public static CaBenchOptions Parse(IEnumerable<string> args)
    {
        var options = new CaBenchOptions();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            var value = e.MoveNext() ? e.Current : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--seconds" => options with { Seconds = double.Parse(value, CultureInfo.InvariantCulture) },
                "--runs" => options with { Runs = int.Parse(value, CultureInfo.InvariantCulture) },
                "--clients" => options with { Clients = int.Parse(value, CultureInfo.InvariantCulture) },
                "--url" => options with { Url = value },
                "--ca-dir" => options with { CaDir = value },
                "--ca-pid" => options with { CaPid = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        return options;
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
