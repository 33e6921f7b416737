namespace GatewayMesh.Bench;

internal sealed record BenchOptions
{
    public IReadOnlyList<int> Watchers { get; init; } = [1, 50, 200];

    public int Writes { get; init; } = 200;

    public int Services { get; init; } = 1_000;

    public int Instances { get; init; } = 5_000;

    public int VirtualServices { get; init; } = 1_000;

    public int Runs { get; init; } = 5;

    public static BenchOptions Parse(IEnumerable<string> args)
    {
        var options = new BenchOptions();
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            var value = e.MoveNext() ? e.Current : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--watchers" => options with { Watchers = [.. value.Split(',').Select(int.Parse)] },
                "--writes" => options with { Writes = int.Parse(value) },
                "--services" => options with { Services = int.Parse(value) },
                "--instances" => options with { Instances = int.Parse(value) },
                "--virtual-services" => options with { VirtualServices = int.Parse(value) },
                "--runs" => options with { Runs = int.Parse(value) },
                _ => throw new ArgumentException($"unknown option {name}"),
            };
        }

        return options;
    }
}
