using System.Net;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

/// <summary>
/// Issue 12: random damage to every configs/ file (the unit tests' <see cref="ConfigMutator"/>, seeded), applied through the
/// registry's real HTTP API over a good Bookinfo config: never a server error, a rejection lists its errors, and a
/// rejected apply leaves the stored config and the mesh revision exactly as they were.
/// </summary>
public sealed class RegistryFuzzTests
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("GATEWAYMESH_FUZZ_ITERATIONS"), out var n) && n > 0 ? Math.Max(1, n / 10) : 4;

    [Fact]
    public async Task Apply_RandomMutationsOfEveryConfigsFile_RejectedOnesChangeNothing()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var root = Path.Combine(AppContext.BaseDirectory, "configs");
        var good = string.Join("\n---\n", new[] { "bookinfo-gateway.yaml", "destination-rule-all.yaml", "virtual-service-all-v1.yaml" }
            .Select(f => File.ReadAllText(Path.Combine(root, "bookinfo", f))));
        await ApplyOkAsync(host, good);
        var (items, revision) = await StateAsync(host);
        var files = Directory.GetFiles(root, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var rejected = 0;
        foreach (var file in files)
        {
            var original = File.ReadAllText(file);
            for (var i = 0; i < Iterations; i++)
            {
                var seed = 7919 * (files.IndexOf(file) + 1) + i;
                var mutated = ConfigMutator.Mutate(original, new Random(seed));
                var where = $"{Path.GetRelativePath(root, file)}, seed {seed}; mutated input:\n{mutated}";

                using var response = await host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(mutated));

                Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}\nat {where}");
                if (response.StatusCode == HttpStatusCode.BadRequest)
                {
                    rejected++;
                    var body = await RegistryTestHost.ReadJsonAsync(response);
                    Assert.True(body["details"] is { } details ? details.AsArray().Count > 0 : body["error"] is not null, $"a rejection without its errors\nat {where}");
                    Assert.Equal((items, revision), await StateAsync(host));
                }
                else
                {
                    // A mutation that is still valid config (or the conflict of a stale version) may apply: it becomes the state to keep.
                    (items, revision) = await StateAsync(host);
                }
            }
        }

        Assert.True(rejected >= files.Count * Iterations / 3, $"only {rejected} of {files.Count * Iterations} mutations were rejected");
    }

    private static async Task ApplyOkAsync(RegistryTestHost host, string yaml)
    {
        using var response = await host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(yaml));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<(string Items, string Revision)> StateAsync(RegistryTestHost host)
    {
        using var list = await host.Client.GetAsync("/api/v1/configs");
        using var revision = await host.Client.GetAsync("/api/v1/revision");
        return (await list.Content.ReadAsStringAsync(), await revision.Content.ReadAsStringAsync());
    }
}
