using System.Diagnostics;
using System.Text.Json.Nodes;
using GatewayMesh.ChaosTests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R5: the chaos mesh runs every proxy with 20 s certificates (<c>meshctl up --cert-ttl 20s</c>), so each renews at
/// about half-life. Under steady load through the ingress (ingress → productpage → reviews → ratings, mTLS on every
/// hop), the ingress and the sidecars on the page's path rotate at least twice each, and no request fails.
/// </summary>
[Collection(ChaosMeshCollection.Name)]
public sealed class R05RotationTests(ChaosMesh chaos, ITestOutputHelper output)
{
    private static readonly string[] Watched = ["ingress", "productpage-v1", "reviews-v1"];

    [Fact]
    public async Task R5_TwentySecondCertificatesUnderLoad_TwoRotationsOnEveryHopAndNoRequestFails()
    {
        using var admin = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };
        var serials = Watched.ToDictionary(name => name, _ => new HashSet<string>());
        await using var load = SteadyLoad.Start(chaos.IngressPort);
        var watch = Stopwatch.StartNew();
        while (serials.Values.Any(seen => seen.Count < 3)) // the first one plus two rotations
        {
            foreach (var name in Watched)
            {
                var certs = JsonNode.Parse(await admin.GetStringAsync(new Uri($"http://127.0.0.1:{chaos.Process(name).Ports["admin"]}/debug/certs")))!;
                if (certs["certificates"]?[0]?["serialNumber"]?.GetValue<string>() is { } serial)
                {
                    serials[name].Add(serial);
                }
            }

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), $"not two rotations each: {string.Join(", ", serials.Select(s => $"{s.Key} {s.Value.Count - 1}"))}");
            await Task.Delay(250);
        }

        var (sent, failed, lost) = await load.StopAsync();
        ChaosReport.Record(
            new ChaosFigure("R5", load.Description, "certificate TTL 20 s, rotation at half-life", sent, failed, lost, $"{watch.Elapsed.TotalSeconds:0} s for two rotations each")
            {
                Notes = string.Join(", ", serials.Select(s => $"{s.Key} {s.Value.Count - 1} rotations")),
            },
            output);
        Assert.True(failed == 0 && lost == 0, load.Describe());
    }
}
