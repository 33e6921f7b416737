using GatewayMesh.Cli;

namespace GatewayMesh.UnitTests.Cli;

/// <summary>Runs meshctl in-process with captured output and a controlled environment.</summary>
internal sealed class CliHarness
{
    public Dictionary<string, string> Variables { get; } = [];

    public string HomeDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "meshctl-test-home-" + Guid.NewGuid().ToString("N"));

    public string CurrentDirectory { get; init; } = Path.GetTempPath();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public string Stdin { get; init; } = "";

    public CliEnvironment Environment => new()
    {
        GetVariable = name => Variables.GetValueOrDefault(name),
        HomeDirectory = HomeDirectory,
        CurrentDirectory = CurrentDirectory,
        Time = Time,
    };

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var console = new CliConsole(output, error, new StringReader(Stdin));
        var exitCode = await MeshctlApp.RunAsync(args, console, Environment);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Out, string Error);
