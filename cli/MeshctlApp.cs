using System.CommandLine;
using GatewayMesh.Cli.Commands;

namespace GatewayMesh.Cli;

/// <summary>Builds the <c>meshctl</c> command tree and runs one command line.</summary>
internal static class MeshctlApp
{
    public static Task<int> RunAsync(string[] args, CliConsole console, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var root = BuildRootCommand(new CliApp(new GlobalOptions(), console, environment));
        var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Error };
        return root.Parse(args).InvokeAsync(invocation, cancellationToken);
    }

    public static RootCommand BuildRootCommand(CliApp app)
    {
        var root = new RootCommand("meshctl: apply, inspect and check GatewayMesh configuration through the registry");
        app.Globals.AddTo(root);
        root.Subcommands.Add(ApplyCommand.Create(app));
        root.Subcommands.Add(GetCommand.Create(app));
        root.Subcommands.Add(DeleteCommand.Create(app));
        root.Subcommands.Add(InstancesCommand.Create(app));
        root.Subcommands.Add(ValidateCommand.Create(app));
        root.Subcommands.Add(AnalyzeCommand.Create(app));
        return root;
    }
}
