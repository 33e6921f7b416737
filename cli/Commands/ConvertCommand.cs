using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Cli.Input;
using GatewayMesh.Cli.Output;
using GatewayMesh.Core.Config.Legacy;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl convert -f old.yaml [-o yaml|json]</c>: prints the v1 VirtualServices, DestinationRules and
/// ServiceEntries that mean what the Istio 0.x RouteRules, DestinationPolicies and EgressRules in the files mean, as
/// istioctl's converter did. The files are validated first (every error, exit 1); what the v1 form cannot say is noted
/// on stderr. Offline: no server is needed. The proxies compile the same translation, so the output behaves alike.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create(CliApp app)
    {
        var files = CommonOptions.Files("convert", required: true);
        var recursive = CommonOptions.Recursive();
        var command = new Command("convert", "Print the v1 resources equivalent to the Istio 0.x RouteRules, DestinationPolicies and EgressRules in files") { files, recursive };
        command.SetAction(app, context => Task.FromResult(Execute(context, context.Get(files), context.Get(recursive))));
        return command;
    }

    private static int Execute(CommandContext context, string[] files, bool recursive)
    {
        var documents = InputFiles.Read(files, recursive, context.Console, context.Environment);
        var check = OfflineCheck.Run(documents);
        if (!check.Valid)
        {
            throw new CliException($"{check.Errors.Count} validation error{(check.Errors.Count == 1 ? "" : "s")} in {InputFiles.Describe(files)}", [.. check.Errors.Select(e => e.ToString())]);
        }

        var legacy = check.Resources.Where(LegacyTranslation.IsLegacy).ToList();
        if (legacy.Count == 0)
        {
            throw new CliException($"no Istio 0.x RouteRule, DestinationPolicy or EgressRule in {InputFiles.Describe(files)}: nothing to convert");
        }

        var translation = LegacyTranslation.Translate(legacy);
        foreach (var note in translation.Notes)
        {
            context.Error.WriteLine($"warning: {note}");
        }

        var elements = translation.Resources.Select(KubectlOrder).ToList();
        if (context.Output == OutputFormat.Json)
        {
            context.Output.WriteDocument(context.Out, new { apiVersion = "v1", kind = "List", items = elements });
        }
        else
        {
            context.Out.Write(YamlWriter.FromJsonDocuments(elements));
        }

        return 0;
    }

    /// <summary>The resource as kubectl prints it: apiVersion, kind, metadata, spec.</summary>
    private static JsonElement KubectlOrder(Core.Config.Model.ConfigResource resource)
    {
        var json = JsonSerializer.SerializeToElement(resource, MeshJson.Options);
        var ordered = new JsonObject();
        foreach (var name in new[] { "apiVersion", "kind" }.Concat(json.EnumerateObject().Select(p => p.Name).Where(n => n is not ("apiVersion" or "kind"))))
        {
            ordered[name] = JsonNode.Parse(json.GetProperty(name).GetRawText());
        }

        return JsonSerializer.SerializeToElement(ordered);
    }
}
