using System.CommandLine;
using GatewayMesh.Cli.Commands;

namespace GatewayMesh.Cli;

/// <summary>Builds the <c>meshctl</c> command tree and runs one command line.</summary>
internal static class MeshctlApp
{
    public static Task<int> RunAsync(string[] args, CliConsole console, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var root = BuildRootCommand(new CliApp(new GlobalOptions(), console, environment));
        // Ctrl-C and SIGTERM cancel the command's token; a foreground `up` then needs time to stop its children in order.
        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30),
        };
        return root.Parse(args).InvokeAsync(invocation, cancellationToken);
    }

    public static RootCommand BuildRootCommand(CliApp app)
    {
        var root = new RootCommand("meshctl: run the local mesh, and apply, inspect and check GatewayMesh configuration through the registry");
        app.Globals.AddTo(root);
        root.Subcommands.Add(ApplyCommand.Create(app));
        root.Subcommands.Add(GetCommand.Create(app));
        root.Subcommands.Add(DeleteCommand.Create(app));
        root.Subcommands.Add(InstancesCommand.Create(app));
        root.Subcommands.Add(ValidateCommand.Create(app));
        root.Subcommands.Add(AnalyzeCommand.Create(app));
        root.Subcommands.Add(ConvertCommand.Create(app));
        root.Subcommands.Add(UpCommand.Create(app));
        root.Subcommands.Add(DownCommand.Create(app));
        root.Subcommands.Add(StatusCommand.Create(app));
        root.Subcommands.Add(ProxyConfigCommand.Create(app));
        root.Subcommands.Add(CaCommand.Create(app));
        root.Subcommands.Add(LogsCommand.Create(app)); // observability (issue 13)
        root.Subcommands.Add(DashboardCommand.Create(app));
        root.Subcommands.Add(ManifestCommand.Create(app));
        root.Subcommands.Add(ImagesCommand.Create(app));
        root.Subcommands.Add(RunCommand.Create(app)); // Dapr's dapr run (issue 14)
        return root;
    }
}
