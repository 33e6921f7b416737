using System.CommandLine;
using System.Text;
using GatewayMesh.Cli.Local.Observability;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.ProxyConfig;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl logs NAME [-f] [-c proxy|app] [--tail N]</c>, shaped like <c>kubectl logs</c>: the lines one process of
/// the local mesh wrote (its log under <c>.meshctl/logs/</c>). For a sidecar, <c>-c proxy</c> (the default) shows the
/// proxy's lines, access-log lines included, and <c>-c app</c> its app's. <c>-f</c> keeps printing new lines until
/// Ctrl-C. NAME is a component from <c>status</c> (<c>productpage-v1</c>, <c>ingress</c>, <c>registry</c>) or a
/// service one proxy serves.
/// </summary>
internal static class LogsCommand
{
    public static Command Create(CliApp app)
    {
        var name = new Argument<string>("name") { Description = "A process of the local mesh (as ./meshctl status names it), or a service one sidecar serves" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until Ctrl-C" };
        var container = new Option<string>("--container", "-c")
        {
            Description = "proxy (the proxy's own lines, access log included) or app (the app behind a sidecar)",
            DefaultValueFactory = _ => "proxy",
        };
        container.AcceptOnlyFromAmong("proxy", "app", "istio-proxy");
        var tail = new Option<int>("--tail") { Description = "Only the last N lines (-1: all)", DefaultValueFactory = _ => -1 };
        var stateDir = MeshOptions.StateDir();
        var command = new Command("logs", "Print the log of a proxy of the local mesh, or of its app") { name, follow, container, tail, stateDir };
        command.SetAction(app, context => ExecuteAsync(
            context,
            context.Get(name),
            context.Get(follow),
            context.Get(container) == "app" ? LogSource.App : LogSource.Proxy,
            context.Get(tail),
            context.Get(stateDir)));
        return command;
    }

    private static async Task<int> ExecuteAsync(CommandContext context, string name, bool follow, LogSource source, int tail, string? stateDir)
    {
        var paths = MeshPaths.Resolve(context.Environment, stateDir);
        var state = MeshState.Load(paths.StateFile)
            ?? throw new CliException("no mesh is recorded", ["start it with ./meshctl up"]);
        var record = ProxyTarget.Find(state.Processes, name);
        if (source == LogSource.App && record.Role != "sidecar")
        {
            throw new CliException($"{record.Name} has no app: only sidecars run one", ["leave out -c app to see its own lines"]);
        }

        if (!File.Exists(record.LogFile))
        {
            throw new CliException($"{record.Name} has no log yet ({MeshPaths.Show(record.LogFile, context.Environment)})");
        }

        var lines = new LogLines(source);
        await using var stream = new FileStream(record.LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var printed = new Queue<string>();
        while (await reader.ReadLineAsync(context.CancellationToken) is { } line)
        {
            foreach (var shown in lines.Accept(line))
            {
                printed.Enqueue(shown);
                if (tail >= 0 && printed.Count > tail)
                {
                    printed.Dequeue();
                }
            }
        }

        foreach (var shown in printed)
        {
            context.Out.WriteLine(shown);
        }

        if (!follow)
        {
            return 0;
        }

        context.Out.Flush();
        return await FollowAsync(context, reader, lines);
    }

    /// <summary>Prints lines appended to the log until cancelled (Ctrl-C ends the command with 130).</summary>
    private static async Task<int> FollowAsync(CommandContext context, StreamReader reader, LogLines lines)
    {
        await LogFollower.FollowAsync(
            reader,
            line =>
            {
                foreach (var shown in lines.Accept(line))
                {
                    context.Out.WriteLine(shown);
                }

                context.Out.Flush();
            },
            context.Environment.Time,
            context.CancellationToken);
        return 130;
    }
}
