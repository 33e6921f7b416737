using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.IntegrationTests.Cli;
using GatewayMesh.IntegrationTests.Registry;
using Xunit;

namespace GatewayMesh.IntegrationTests.Legacy;

/// <summary>
/// Bookinfo's Istio 0.x rule files (<c>configs/bookinfo-legacy</c>), applied through a real registry as they are, or
/// as the v1 VirtualServices and DestinationRules <c>meshctl convert</c> prints for them.
/// </summary>
internal static class LegacyFiles
{
    /// <summary>Applies <paramref name="files"/> as one set, or with <paramref name="converted"/> what <c>meshctl convert -f</c> prints for them; returns the revision after it.</summary>
    public static async Task<long> ApplyAsync(RegistryTestHost registry, bool converted, params string[] files)
    {
        var paths = files.Select(f => Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo-legacy", f)).ToList();
        var yaml = converted ? await ConvertAsync(paths) : string.Join("\n---\n", paths.Select(File.ReadAllText));
        using var response = await registry.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(yaml));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return (long)JsonNode.Parse(text)!["revision"]!;
    }

    private static async Task<string> ConvertAsync(IEnumerable<string> paths)
    {
        using var folder = new TempDirectory();
        var file = Path.Combine(folder.Path, "legacy.yaml");
        await File.WriteAllTextAsync(file, string.Join("\n---\n", paths.Select(File.ReadAllText)));
        var result = await new CliHarness().RunAsync("convert", "-f", file);
        Assert.True(result.ExitCode == 0, $"meshctl convert exited {result.ExitCode}: {result.Error}");
        Assert.DoesNotContain("kind: RouteRule", result.Out, StringComparison.Ordinal);
        return result.Out;
    }
}
