namespace GatewayMesh.Cli;

/// <summary>Where a command reads and writes: the process's streams, or string writers in tests.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, TextReader In)
{
    public static CliConsole System => new(Console.Out, Console.Error, Console.In);
}
