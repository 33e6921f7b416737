using System.CommandLine;
using GatewayMesh.Cli.Input;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl validate -f FILE|DIR</c>: parse and validate offline, with no server, printing every error. Documents that
/// are not mesh config (Kubernetes kinds in the same file) are listed as skipped and do not fail the run.
/// </summary>
internal static class ValidateCommand
{
    public static Command Create(CliApp app)
    {
        var files = CommonOptions.Files("validate", required: true);
        var recursive = CommonOptions.Recursive();
        var command = new Command("validate", "Check files offline: parse and validate every resource, report every error") { files, recursive };
        command.SetAction(app, context => Task.FromResult(Execute(context, context.Get(files), context.Get(recursive))));
        return command;
    }

    private static int Execute(CommandContext context, string[] files, bool recursive)
    {
        var documents = InputFiles.Read(files, recursive, context.Console, context.Environment);
        var result = OfflineCheck.Run(documents);
        var errors = result.Errors.Select(e => e.ToString()).ToList();
        if (!result.Valid)
        {
            if (context.Output == OutputFormat.Json)
            {
                ErrorWriter.Write(context.Error, context.Output, $"{errors.Count} validation error{(errors.Count == 1 ? "" : "s")}", errors);
            }
            else
            {
                errors.ForEach(context.Error.WriteLine);
            }

            return 1;
        }

        var count = result.Resources.Count;
        var skipped = result.Skipped.Select(s => s.ToString()).ToList();
        if (context.Output.IsMachine())
        {
            context.Output.WriteDocument(context.Out, new { valid = true, resources = count, files = documents.Select(d => d.Name), skipped });
        }
        else
        {
            skipped.ForEach(context.Out.WriteLine);
            context.Out.WriteLine($"✔ {count} resource{(count == 1 ? "" : "s")} in {InputFiles.Describe(files)} {(count == 1 ? "is" : "are")} valid");
        }

        return 0;
    }
}
