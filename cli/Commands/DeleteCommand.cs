using System.CommandLine;
using System.Net;
using GatewayMesh.Cli.Client;
using GatewayMesh.Cli.Input;
using GatewayMesh.Cli.Output;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Cli.Commands;

/// <summary><c>meshctl delete -f FILE|DIR</c> or <c>meshctl delete KIND NAME [-n NS]</c>.</summary>
internal static class DeleteCommand
{
    private sealed record DeleteResult(string Kind, string Namespace, string Name, string Result);

    public static Command Create(CliApp app)
    {
        var kind = new Argument<string?>("kind") { Description = "Kind (or KIND/NAME) when not using -f", Arity = ArgumentArity.ZeroOrOne };
        var name = new Argument<string?>("name") { Description = "Resource name", Arity = ArgumentArity.ZeroOrOne };
        var files = CommonOptions.Files("delete", required: false);
        var recursive = CommonOptions.Recursive();
        var ns = CommonOptions.Namespace();
        var ignoreNotFound = new Option<bool>("--ignore-not-found") { Description = "Treat resources that do not exist as deleted" };
        var command = new Command("delete", "Delete resources named in files, or by kind and name") { kind, name, files, recursive, ns, ignoreNotFound };
        command.SetAction(app, context =>
        {
            var keys = Targets(context, context.Get(kind), context.Get(name), context.Get(files), context.Get(recursive), context.Get(ns));
            return ExecuteAsync(context, keys, context.Get(ignoreNotFound));
        });
        return command;
    }

    private static IReadOnlyList<ResourceKey> Targets(CommandContext context, string? kind, string? name, string[] files, bool recursive, string? ns)
    {
        if (files.Length > 0)
        {
            if (kind is not null)
            {
                throw new CliException("pass either -f or KIND NAME, not both");
            }

            var documents = InputFiles.Read(files, recursive, context.Console, context.Environment);
            return [.. documents.SelectMany(d => ResourceIdentityReader.Read(d, ns ?? ResourceMetadata.DefaultNamespace))];
        }

        if (kind is null)
        {
            throw new CliException("nothing to delete: pass -f FILE|DIR or KIND NAME");
        }

        var target = ResourceTarget.From(kind, name, ns, allNamespaces: false);
        return target.Name is null
            ? throw new CliException($"missing the name of the {target.Kind.Kind} to delete")
            : [new ResourceKey(target.Kind.Kind, target.Namespace!, target.Name)];
    }

    private static async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<ResourceKey> keys, bool ignoreNotFound)
    {
        using var client = context.CreateClient();
        var results = new List<DeleteResult>();
        var notFound = new List<string>();
        foreach (var key in keys)
        {
            var kindName = KindNames.Singular(key.Kind);
            try
            {
                await client.DeleteConfigAsync(key.Kind, key.Namespace, key.Name, context.CancellationToken);
                results.Add(new DeleteResult(key.Kind, key.Namespace, key.Name, "deleted"));
                if (!context.Output.IsMachine())
                {
                    context.Out.WriteLine($"{kindName} \"{key.Name}\" deleted");
                }
            }
            catch (RegistryException ex) when (ex.Status == HttpStatusCode.NotFound)
            {
                results.Add(new DeleteResult(key.Kind, key.Namespace, key.Name, "notFound"));
                if (!ignoreNotFound)
                {
                    notFound.Add($"{KindNames.Plural(ResourceKinds.Get(key.Kind))} \"{key.Name}\" not found in namespace {key.Namespace}");
                }
            }
        }

        if (context.Output.IsMachine())
        {
            context.Output.WriteDocument(context.Out, new { results });
        }

        if (notFound.Count > 0)
        {
            throw notFound.Count == 1 ? new CliException(notFound[0]) : new CliException($"{notFound.Count} resources not found", notFound);
        }

        return 0;
    }
}
