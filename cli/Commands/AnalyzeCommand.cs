using System.CommandLine;
using GatewayMesh.Cli.Client;
using GatewayMesh.Cli.Input;
using GatewayMesh.Cli.Output;
using GatewayMesh.Core.Analysis;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl analyze [-f FILE|DIR] [--live | --offline]</c>, like <c>istioctl analyze</c>.
/// No files: the live store. Files and a configured registry (or <c>--live</c>): the registry merges the files over its store.
/// Files and no registry (or <c>--offline</c>, or the registry unreachable): the files alone, with no service instances.
/// </summary>
internal static class AnalyzeCommand
{
    public const string OfflineNote =
        "note: analyzed offline: no service instances were available, so findings about hosts with no registered instance may not apply";

    public static Command Create(CliApp app)
    {
        var files = CommonOptions.Files("analyze", required: false);
        var recursive = CommonOptions.Recursive();
        var live = new Option<bool>("--live") { Description = "Analyze on the registry, merging the files over the live store; fail if it is unreachable" };
        var offline = new Option<bool>("--offline") { Description = "Analyze the files alone, without contacting the registry" };
        var command = new Command("analyze", "Report cross-resource problems in files and/or the live mesh") { files, recursive, live, offline };
        command.SetAction(app, context => ExecuteAsync(context, context.Get(files), context.Get(recursive), context.Get(live), context.Get(offline)));
        return command;
    }

    private static async Task<int> ExecuteAsync(CommandContext context, string[] files, bool recursive, bool live, bool offline)
    {
        if (live && offline)
        {
            throw new CliException("--live and --offline cannot be used together");
        }

        if (files.Length == 0)
        {
            if (offline)
            {
                throw new CliException("nothing to analyze offline: pass -f FILE|DIR");
            }

            using var liveClient = context.CreateClient();
            var response = await liveClient.AnalyzeAsync(null, RegistryClient.YamlContentType, context.CancellationToken);
            return Report(context, [.. response.Messages.Select(ToMessage)], "the live mesh", wasOffline: false);
        }

        var documents = InputFiles.Read(files, recursive, context.Console, context.Environment);
        var target = InputFiles.Describe(files);
        using var client = offline ? null : live ? context.CreateClient() : context.TryCreateClient();
        if (client is not null)
        {
            var body = ApplyBody.From(documents);
            try
            {
                var response = await client.AnalyzeAsync(body.Text, body.ContentType, context.CancellationToken);
                return Report(context, [.. response.Messages.Select(ToMessage)], $"{target} with the live mesh", wasOffline: false);
            }
            catch (RegistryUnreachableException ex) when (!live)
            {
                context.Error.WriteLine($"note: {ex.Message}; analyzing the files offline");
            }
        }

        var check = OfflineCheck.Run(documents);
        if (!check.Valid)
        {
            throw new CliException($"{check.Errors.Count} validation error{(check.Errors.Count == 1 ? "" : "s")} in {target}", [.. check.Errors.Select(e => e.ToString())]);
        }

        return Report(context, ConfigAnalyzer.Analyze(check.Resources, []), target, wasOffline: true);
    }

    private static int Report(CommandContext context, IReadOnlyList<AnalysisMessage> messages, string target, bool wasOffline)
    {
        var sorted = messages.OrderBy(m => m.Level).ThenBy(m => m.Resource, StringComparer.Ordinal).ThenBy(m => m.Code, StringComparer.Ordinal).ToList();
        var exitCode = sorted.Any(m => m.Level == AnalysisLevel.Error) ? 1 : 0;
        if (context.Output.IsMachine())
        {
            context.Output.WriteDocument(context.Out, new
            {
                messages = sorted.Select(m => new { code = m.Code, level = m.Level.ToString(), resource = m.Resource, path = m.Path, message = m.Message }),
                offline = wasOffline,
            });
            return exitCode;
        }

        if (sorted.Count == 0)
        {
            context.Out.WriteLine($"✔ No validation issues found when analyzing {target}.");
            return 0;
        }

        sorted.ForEach(m => context.Out.WriteLine(m.ToString()));
        if (wasOffline)
        {
            context.Error.WriteLine(OfflineNote);
        }

        return exitCode;
    }

    private static AnalysisMessage ToMessage(AnalysisMessageDto dto) => new(
        dto.Code,
        Enum.TryParse<AnalysisLevel>(dto.Level, ignoreCase: true, out var level) ? level : AnalysisLevel.Info,
        dto.Resource,
        dto.Path ?? "",
        dto.Message);
}
