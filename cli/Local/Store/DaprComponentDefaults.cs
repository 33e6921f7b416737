using GatewayMesh.Cli.Client;
using GatewayMesh.Cli.Input;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Store;

/// <summary>
/// Applies every file of <c>configs/dapr/</c> (Dapr <c>Component</c>s) on each <c>up</c>: apply is idempotent, so a kept
/// store stays as it is, and a store from before the Dapr components gets them. A refusal is a warning: the mesh runs,
/// only the Dapr building blocks are missing.
/// </summary>
internal static class DaprComponentDefaults
{
    public static async Task ApplyAsync(MeshPaths paths, RegistryClient client, CliEnvironment environment, Progress progress, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(paths.RepoRoot, "configs", "dapr");
        if (!Directory.Exists(directory))
        {
            return;
        }

        try
        {
            var documents = InputFiles.Read([directory], recursive: false, new CliConsole(TextWriter.Null, TextWriter.Null, TextReader.Null), environment);
            var body = ApplyBody.From(documents);
            var response = await client.ApplyAsync(body.Text, body.ContentType, cancellationToken);
            progress.Done($"applied the Dapr components of configs/dapr ({response.Results.Count}; revision {response.Revision})");
        }
        catch (CliException ex)
        {
            progress.Warn($"the Dapr components were not applied: {ex.Message}");
            foreach (var detail in ex.Details)
            {
                progress.Note(detail);
            }
        }
    }
}
