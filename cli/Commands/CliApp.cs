namespace GatewayMesh.Cli.Commands;

/// <summary>What every command needs: the global options, the console and the environment.</summary>
internal sealed record CliApp(GlobalOptions Globals, CliConsole Console, CliEnvironment Environment);
