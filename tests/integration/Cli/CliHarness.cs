using GatewayMesh.Cli;

namespace GatewayMesh.IntegrationTests.Cli;

/// <summary>Runs meshctl in-process with captured output, an empty environment and a home directory with no context file.</summary>
internal sealed class CliHarness
{
    public Dictionary<string, string> Variables { get; } = [];

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public string Stdin { get; init; } = "";

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    /// <summary>Runs meshctl; cancelling <paramref name="cancellationToken"/> is its Ctrl-C.</summary>
    public async Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            GetVariable = name => Variables.GetValueOrDefault(name),
            HomeDirectory = Path.Combine(Path.GetTempPath(), "meshctl-no-home-" + Guid.NewGuid().ToString("N")),
            CurrentDirectory = Path.GetTempPath(),
            Time = Time,
        };
        var exitCode = await MeshctlApp.RunAsync(args, new CliConsole(output, error, new StringReader(Stdin)), environment, cancellationToken);
        return new CliResult(exitCode, output.ToString().ReplaceLineEndings("\n"), error.ToString().ReplaceLineEndings("\n"));
    }

    /// <summary>Runs against the fake registry with the right token.</summary>
    public Task<CliResult> RunAsync(FakeRegistry registry, params string[] args) =>
        RunAsync([.. args, "--server", registry.Url, "--token", FakeRegistry.Token]);
}

internal sealed record CliResult(int ExitCode, string Out, string Error);
