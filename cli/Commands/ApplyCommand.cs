using System.CommandLine;
using GatewayMesh.Cli.Input;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl apply -f FILE|DIR|-</c>: sends every document in one request; the registry stores all or nothing (a
/// Kubernetes-mode registry writes them as custom resources, and the output says so).
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(CliApp app)
    {
        var files = CommonOptions.Files("apply", required: true);
        var recursive = CommonOptions.Recursive();
        var command = new Command("apply", "Create or update resources from files, directories or stdin") { files, recursive };
        command.SetAction(app, context => ExecuteAsync(context, context.Get(files), context.Get(recursive)));
        return command;
    }

    private static async Task<int> ExecuteAsync(CommandContext context, string[] files, bool recursive)
    {
        var documents = InputFiles.Read(files, recursive, context.Console, context.Environment);
        var body = ApplyBody.From(documents);
        using var client = context.CreateClient();
        var response = await client.ApplyAsync(body.Text, body.ContentType, context.CancellationToken);
        if (context.Output.IsMachine())
        {
            context.Output.WriteDocument(context.Out, response);
            return 0;
        }

        foreach (var result in response.Results)
        {
            context.Out.WriteLine($"{KindNames.Singular(result.Kind)}/{result.Name} {result.Action}");
        }

        foreach (var skipped in response.Skipped ?? [])
        {
            context.Out.WriteLine(skipped);
        }

        if (response.StoreOfRecord == "kubernetes" && response.Results.Count > 0)
        {
            context.Out.WriteLine("written to Kubernetes as custom resources (the store of record); the registry stores them in Redis once it has validated them");
        }

        return 0;
    }
}
