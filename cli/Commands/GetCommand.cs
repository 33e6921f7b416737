using System.CommandLine;
using System.Net;
using System.Text.Json;
using GatewayMesh.Cli.Client;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Commands;

/// <summary><c>meshctl get KIND [NAME] [-n NS | -A] [-o table|wide|yaml|json]</c>.</summary>
internal static class GetCommand
{
    public static Command Create(CliApp app)
    {
        var kind = new Argument<string>("kind") { Description = "Kind: VirtualService, virtualservices, vs, gw, dr, se, pa, ap, or KIND/NAME" };
        var name = new Argument<string?>("name") { Description = "Resource name; all resources when omitted", Arity = ArgumentArity.ZeroOrOne };
        var ns = CommonOptions.Namespace();
        var all = CommonOptions.AllNamespaces();
        var command = new Command("get", "Show one resource or list the resources of a kind") { kind, name, ns, all };
        command.SetAction(app, context => ExecuteAsync(
            context, ResourceTarget.From(context.Get(kind), context.Get(name), context.Get(ns), context.Get(all))));
        return command;
    }

    private static async Task<int> ExecuteAsync(CommandContext context, ResourceTarget target)
    {
        using var client = context.CreateClient();
        if (target.Name is { } name)
        {
            var resource = await GetOneAsync(client, target, name, context.CancellationToken);
            if (context.Output.IsMachine())
            {
                context.Output.WriteDocument(context.Out, resource);
            }
            else
            {
                WriteTable(context, target, [resource]);
            }

            return 0;
        }

        var list = await client.ListConfigsAsync(target.Kind.Kind, target.Namespace, context.CancellationToken);
        var items = list.Items.OrderBy(NamespaceOf, StringComparer.Ordinal).ThenBy(NameOf, StringComparer.Ordinal).ToList();
        if (context.Output.IsMachine())
        {
            context.Output.WriteDocument(context.Out, new
            {
                apiVersion = "v1",
                kind = "List",
                metadata = new { resourceVersion = list.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                items,
            });
        }
        else if (items.Count == 0)
        {
            context.Error.WriteLine(target.Namespace is null ? "No resources found" : $"No resources found in {target.Namespace} namespace.");
        }
        else
        {
            WriteTable(context, target, items);
        }

        return 0;
    }

    private static async Task<JsonElement> GetOneAsync(RegistryClient client, ResourceTarget target, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetConfigAsync(target.Kind.Kind, target.Namespace!, name, cancellationToken);
        }
        catch (RegistryException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            throw new CliException($"{KindNames.Plural(target.Kind)} \"{name}\" not found in namespace {target.Namespace}");
        }
    }

    private static void WriteTable(CommandContext context, ResourceTarget target, IReadOnlyList<JsonElement> items)
    {
        var columns = ResourceColumns.For(target.Kind.Kind, context.Output == OutputFormat.Wide);
        var allNamespaces = target.Namespace is null;
        var headers = new List<string>();
        if (allNamespaces)
        {
            headers.Add("NAMESPACE");
        }

        headers.Add("NAME");
        headers.AddRange(columns.Select(c => c.Header));
        headers.Add("REVISION");
        var table = new TableWriter(headers);
        foreach (var item in items)
        {
            var cells = new List<string>();
            if (allNamespaces)
            {
                cells.Add(NamespaceOf(item));
            }

            cells.Add(NameOf(item));
            cells.AddRange(columns.Select(c => c.Read(item)));
            cells.Add(JsonFields.Value(item, "metadata.resourceVersion") is { Length: > 0 } revision ? revision : "<none>");
            table.AddRow([.. cells]);
        }

        table.Write(context.Out);
    }

    private static string NamespaceOf(JsonElement item) => JsonFields.Value(item, "metadata.namespace");

    private static string NameOf(JsonElement item) => JsonFields.Value(item, "metadata.name");
}
