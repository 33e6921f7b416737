using GatewayMesh.Cli.Client;
using GatewayMesh.Cli.Input;
using GatewayMesh.Cli.Local.Certificates;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Store;

/// <summary>
/// The Bookinfo configuration a fresh mesh starts with: the gateway, every destination rule, and all traffic to v1.
/// Applied only while the registry stores no configs at all, so configs changed since (and kept by Redis's
/// persistence across <c>down</c>/<c>up</c>) are never overwritten.
/// </summary>
internal static class BookinfoDefaults
{
    public static readonly string[] Files = ["bookinfo-gateway.yaml", "destination-rule-all.yaml", "virtual-service-all-v1.yaml"];

    /// <summary>Applies the defaults to an empty store. A refusal is a warning, not a failure: the control plane is up either way.</summary>
    public static async Task ApplyAsync(MeshPaths paths, RegistryClient client, CliEnvironment environment, Progress progress, CancellationToken cancellationToken)
    {
        try
        {
            await ApplyToEmptyStoreAsync(paths, client, environment, progress, cancellationToken);
        }
        catch (CliException ex)
        {
            progress.Warn($"the Bookinfo defaults were not applied: {ex.Message}");
            foreach (var detail in ex.Details)
            {
                progress.Note(detail);
            }

            progress.Note($"apply them later: ./meshctl apply {string.Join(' ', Files.Select(f => "-f configs/bookinfo/" + f))}");
        }
    }

    private static async Task ApplyToEmptyStoreAsync(MeshPaths paths, RegistryClient client, CliEnvironment environment, Progress progress, CancellationToken cancellationToken)
    {
        var stored = await client.ListConfigsAsync("", null, cancellationToken);
        if (stored.Items.Count > 0)
        {
            progress.Done($"kept the {stored.Items.Count} stored configs (revision {stored.Revision}); Bookinfo defaults not re-applied");
            progress.Note($"the defaults go only into an empty store; apply them anyway: ./meshctl apply {string.Join(' ', Files.Select(f => "-f configs/bookinfo/" + f))}");
            if (!HttpsGatewayCheck.AnyServesHttps(stored.Items))
            {
                progress.Warn("no stored Gateway has a TLS server on port 443 or 8443, so the ingress's HTTPS port refuses every handshake");
                progress.Note("to serve Bookinfo over HTTPS: ./meshctl apply -f configs/bookinfo/bookinfo-gateway.yaml");
            }

            return;
        }

        var files = Files.Select(f => Path.Combine(paths.BookinfoConfigsDir, f)).ToList();
        if (files.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            progress.Warn($"{missing} is missing; no Bookinfo configs applied");
            return;
        }

        var documents = InputFiles.Read(files, recursive: false, new CliConsole(TextWriter.Null, TextWriter.Null, TextReader.Null), environment);
        var body = ApplyBody.From(documents);
        var response = await client.ApplyAsync(body.Text, body.ContentType, cancellationToken);
        var counts = response.Results.GroupBy(r => r.Kind).Select(g => $"{g.Count()} {g.Key}");
        progress.Done($"applied the Bookinfo defaults ({string.Join(", ", counts)}; revision {response.Revision})");
    }
}
