using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GatewayMesh.ChaosTests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R6: hostile and broken configs sent to the registry while the mesh serves: malformed YAML, an unknown field, a
/// regex RE2 cannot run in linear time (backreference, lookahead), a 10 MB body, YAML nested 10,000 deep, and 10,000
/// resources at once. Each is rejected with a 4xx (with field paths where there is a field), the registry stays up, the
/// store's revision does not move, and the last good config keeps serving with no failed request.
/// </summary>
[Collection(ChaosMeshCollection.Name)]
public sealed class R06BadConfigTests(ChaosMesh chaos, ITestOutputHelper output)
{
    [Fact]
    public async Task R6_HostileConfigs_AllRejectedWithPathsNothingCrashesLastGoodKeepsServing()
    {
        using var registry = new HttpClient(new SocketsHttpHandler { UseProxy = false, Expect100ContinueTimeout = TimeSpan.FromSeconds(30) }) { BaseAddress = new Uri(chaos.State.RegistryUrl!), Timeout = TimeSpan.FromSeconds(60) };
        registry.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(chaos.State.RegistryTokenFile!)).Trim());
        var revision = await chaos.Mesh.RegistryRevisionAsync();
        await using var load = SteadyLoad.Start(chaos.IngressPort);

        var cases = new (string Name, string Body, string? Path)[]
        {
            ("malformed YAML", "apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: [broken\n", null),
            ("unknown field", Vs("spec:\n  hosts: [r6]\n  htp: []"), "spec.htp"),
            ("backtracking regex", Vs("spec:\n  hosts: [r6]\n  http:\n  - match: [{uri: {regex: \"^(a+)+\\\\1(?=b)$\"}}]\n    route: [{destination: {host: r6}}]"), "regex"),
            ("10 MB body", Vs("spec:\n  hosts: [r6]\n") + "# " + new string('x', 10 * 1024 * 1024), null),
            ("YAML nested 10,000 deep", "a: " + string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000)), null),
            ("10,000 resources", string.Concat(Enumerable.Range(0, 10_000).Select(i => $"---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: r6-{i}}}\nspec: {{hosts: [r6-{i}]}}\n")), null),
        };

        var answers = new List<string>();
        foreach (var (name, body, path) in cases)
        {
            // Expect: 100-continue lets the registry refuse a body by its declared size before it is sent (a server that
            // answers 413 mid-upload resets the connection, and the client would see a broken pipe, not the answer).
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/apply") { Content = new StringContent(body, Encoding.UTF8, "application/yaml") };
            request.Headers.ExpectContinue = true;
            using var response = await registry.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            answers.Add($"{name}: {(int)response.StatusCode}");
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: HTTP {(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
            if (path is not null)
            {
                Assert.Contains(path, text, StringComparison.Ordinal);
            }

            using var ready = await registry.GetAsync("/healthz/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }

        Assert.Equal(revision, await chaos.Mesh.RegistryRevisionAsync());
        await load.WaitForProgressAsync(20, ChaosMesh.Deadline);
        var (sent, failed, lost) = await load.StopAsync();
        ChaosReport.Record(
            new ChaosFigure("R6", load.Description, "6 hostile configs", sent, failed, lost, "n/a: nothing may change")
            {
                Notes = string.Join("; ", answers) + $"; store stayed at revision {revision}",
            },
            output);
        Assert.True(failed == 0 && lost == 0, load.Describe());
    }

    private static string Vs(string spec) => $"apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: r6}}\n{spec}\n";
}
