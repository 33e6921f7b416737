using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;
using GatewayMesh.Cli.ProxyConfig;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl proxy-config routes|clusters|endpoints|secret PROXY [--admin HOST:PORT]</c> (alias <c>pc</c>): what one proxy
/// has compiled, read from its admin listener. PROXY is a name from state.json (<c>ingress</c>, <c>reviews-v2</c>) or
/// a service one proxy serves; <c>--admin</c> reaches any proxy.
/// </summary>
internal static class ProxyConfigCommand
{
    public static Command Create(CliApp app)
    {
        var command = new Command("proxy-config", "Show the routes, clusters, endpoints or certificates of a proxy (from its admin listener)")
        {
            Create(app, ProxyConfigKind.Routes, "Virtual hosts and their rules in match order: domains, match, action", WithName),
            Create(app, ProxyConfigKind.Clusters, "Upstream clusters: name (outbound|port|subset|host), load balancer, endpoint counts", WithFqdnSubsetPort),
            Create(app, ProxyConfigKind.Endpoints, "Endpoints of every cluster: address, health, cluster, labels", WithClusterFqdnStatus),
            Create(app, ProxyConfigKind.Secret, "The workload certificate and trusted roots: serial, validity, state (never a key)", _ => _ => new ProxyConfigFilter()),
        };
        command.Aliases.Add("pc");
        return command;
    }

    private static Command Create(CliApp app, ProxyConfigKind kind, string description, Func<Command, Func<CommandContext, ProxyConfigFilter>> addFilters)
    {
        var proxy = new Argument<string?>("proxy") { Description = "A proxy recorded by ./meshctl up (e.g. ingress, productpage-v1), or a service one proxy serves", Arity = ArgumentArity.ZeroOrOne };
        var admin = new Option<string?>("--admin") { Description = "The admin listener HOST:PORT of any proxy, instead of a recorded name" };
        var stateDir = MeshOptions.StateDir();
        var command = new Command(kind.Noun(), description) { proxy, admin, stateDir };
        var filter = addFilters(command);
        command.SetAction(app, context => ExecuteAsync(context, kind, filter(context), ProxyTarget.Resolve(
            context.Get(proxy),
            context.Get(admin),
            () => MeshState.Load(MeshPaths.Resolve(context.Environment, context.Get(stateDir)).StateFile))));
        return command;
    }

    private static async Task<int> ExecuteAsync(CommandContext context, ProxyConfigKind kind, ProxyConfigFilter filter, ProxyTarget target)
    {
        var document = await ProxyConfigReader.ReadAsync(target, kind, context.CancellationToken);
        filter.ApplyTo(document, kind);
        if (context.Output.IsMachine())
        {
            context.Output.WriteDocument(context.Out, JsonSerializer.SerializeToElement(document));
            return 0;
        }

        if (kind == ProxyConfigKind.Secret)
        {
            return WriteSecret(context, target, document);
        }

        if (!NodeFields.Flag(document, "loaded"))
        {
            context.Error.WriteLine($"{target.Name} has not loaded a config snapshot yet");
        }

        var wide = context.Output == OutputFormat.Wide;
        var table = kind switch
        {
            ProxyConfigKind.Routes => RoutesTable.Build(document, wide),
            ProxyConfigKind.Clusters => ClustersTable.Build(document, wide),
            _ => EndpointsTable.Build(document, wide),
        };
        if (table.RowCount == 0)
        {
            context.Error.WriteLine($"No {kind.Noun()} in {target.Name} (revision {NodeFields.TextOr(document, "revision", "unknown")}).");
            return 0;
        }

        table.Write(context.Out);
        return 0;
    }

    private static int WriteSecret(CommandContext context, ProxyTarget target, JsonObject document)
    {
        if (NodeFields.Text(document, "reason") is { Length: > 0 } reason)
        {
            context.Error.WriteLine($"{target.Name}: {reason}");
        }

        var table = SecretTable.Build(document, context.Output == OutputFormat.Wide);
        if (table.RowCount == 0)
        {
            context.Error.WriteLine($"No secret in {target.Name}.");
            return 0;
        }

        context.Error.WriteLine($"{target.Name} identity {NodeFields.TextOr(document, "identity", "-")}");
        table.Write(context.Out);
        return 0;
    }

    private static Func<CommandContext, ProxyConfigFilter> WithName(Command command)
    {
        var name = new Option<string?>("--name") { Description = "Only the virtual host with this name or domain" };
        command.Options.Add(name);
        return context => new ProxyConfigFilter(Name: context.Get(name));
    }

    private static Func<CommandContext, ProxyConfigFilter> WithFqdnSubsetPort(Command command)
    {
        var fqdn = Fqdn();
        var subset = new Option<string?>("--subset") { Description = "Only clusters of this subset" };
        var port = new Option<int?>("--port") { Description = "Only clusters of this port" };
        command.Options.Add(fqdn);
        command.Options.Add(subset);
        command.Options.Add(port);
        return context => new ProxyConfigFilter(Fqdn: context.Get(fqdn), Subset: context.Get(subset), Port: context.Get(port));
    }

    private static Func<CommandContext, ProxyConfigFilter> WithClusterFqdnStatus(Command command)
    {
        var cluster = new Option<string?>("--cluster") { Description = "Only endpoints of this cluster (outbound|port|subset|host)" };
        var fqdn = Fqdn();
        var status = new Option<string?>("--status") { Description = "Only endpoints with this health: healthy or ejected" };
        status.AcceptOnlyFromAmong("healthy", "ejected", "HEALTHY", "EJECTED");
        command.Options.Add(cluster);
        command.Options.Add(fqdn);
        command.Options.Add(status);
        return context => new ProxyConfigFilter(Cluster: context.Get(cluster), Fqdn: context.Get(fqdn), Status: context.Get(status));
    }

    private static Option<string?> Fqdn() => new("--fqdn") { Description = "Only this service host (a short name such as reviews matches its FQDN)" };
}
