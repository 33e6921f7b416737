using System.CommandLine;
using System.Diagnostics;
using GatewayMesh.Cli.Local.Observability;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl dashboard</c>: the URL of the dashboard <c>up</c> started, signed in: the registry's token travels in
/// the URL's fragment (<c>#token=...</c>), which the browser never sends to a server; the page moves it to session
/// storage and clears it from the address bar. Opens it with <c>xdg-open</c> when there is a display, else prints it.
/// </summary>
internal static class DashboardCommand
{
    public static Command Create(CliApp app)
    {
        var noOpen = new Option<bool>("--no-open") { Description = "Only print the URL" };
        var stateDir = MeshOptions.StateDir();
        var command = new Command("dashboard", "Open the live mesh dashboard (service graph, proxies, traces) signed in") { noOpen, stateDir };
        command.SetAction(app, context => ExecuteAsync(context, context.Get(noOpen), context.Get(stateDir)));
        return command;
    }

    private static async Task<int> ExecuteAsync(CommandContext context, bool noOpen, string? stateDir)
    {
        var paths = MeshPaths.Resolve(context.Environment, stateDir);
        var state = MeshState.Load(paths.StateFile) ?? throw new CliException("no mesh is running", ["start it with ./meshctl up"]);
        var record = state.Processes.FirstOrDefault(p => p.Name == DashboardLauncher.Name)
            ?? throw new CliException("this mesh runs no dashboard", ["./meshctl up --restart starts one (it comes with the workloads)"]);
        if (!ProcessSupervisor.IsAlive(record) || !record.Ports.TryGetValue("dashboard", out var port))
        {
            throw new CliException("the dashboard is not running", ["./meshctl up --restart starts it again"]);
        }

        var token = (await File.ReadAllTextAsync(state.RegistryTokenFile ?? paths.RegistryTokenFile, context.CancellationToken)).Trim();
        var url = $"{DashboardLauncher.Url(port)}/#token={Uri.EscapeDataString(token)}";
        if (context.Output.IsMachine())
        {
            context.Output.WriteDocument(context.Out, new { url, dashboard = DashboardLauncher.Url(port), otlp = record.Ports.GetValueOrDefault("otlp") });
            return 0;
        }

        context.Out.WriteLine(url);
        var hasDisplay = context.Environment.GetVariable("DISPLAY") is { Length: > 0 } || context.Environment.GetVariable("WAYLAND_DISPLAY") is { Length: > 0 };
        if (!noOpen && hasDisplay && ExecutableFinder.Find("xdg-open", context.Environment) is { } opener)
        {
            using var process = Process.Start(new ProcessStartInfo(opener, [url]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true });
            context.Error.WriteLine("opened in your browser");
        }
        else
        {
            context.Error.WriteLine("open it in a browser (the part after # signs you in and is never sent to a server)");
        }

        return 0;
    }
}
