using System.CommandLine;
using GatewayMesh.Cli.Client;
using GatewayMesh.Cli.Context;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Commands;

/// <summary>One running command: its parse result, console, output format, and a registry client made on first use.</summary>
internal sealed class CommandContext(CliApp app, ParseResult parseResult, CancellationToken cancellationToken)
{
    public ParseResult ParseResult => parseResult;

    public CliConsole Console => app.Console;

    public TextWriter Out => app.Console.Out;

    public TextWriter Error => app.Console.Error;

    public CliEnvironment Environment => app.Environment;

    public CancellationToken CancellationToken => cancellationToken;

    public OutputFormat Output { get; } = OutputFormats.Parse(parseResult.GetValue(app.Globals.Output));

    public ConnectionFlags Flags => new(
        parseResult.GetValue(app.Globals.Server),
        parseResult.GetValue(app.Globals.Token),
        parseResult.GetValue(app.Globals.TokenFile),
        parseResult.GetValue(app.Globals.Context),
        parseResult.GetValue(app.Globals.RequestTimeout));

    public T Get<T>(Option<T> option) => parseResult.GetValue(option)!;

    public T Get<T>(Argument<T> argument) => parseResult.GetValue(argument)!;

    public RegistryClient CreateClient() => RegistryClient.Create(ConnectionSettings.Resolve(Flags, Environment));

    /// <summary>A client when a server is configured anywhere (flag, environment, context file), else null.</summary>
    public RegistryClient? TryCreateClient() =>
        ConnectionSettings.TryResolve(Flags, Environment, out _) is { } settings ? RegistryClient.Create(settings) : null;
}
