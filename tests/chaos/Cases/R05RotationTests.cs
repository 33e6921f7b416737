using System.Diagnostics;
using GatewayMesh.ChaosTests.Harness;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Cases;

/// <summary>
/// R5: the chaos mesh runs every proxy with 20 s certificates (<c>meshctl up --cert-ttl 20s</c>), so each renews at
/// about half-life all through the suite, while every other case's steady load crosses ingress → productpage → reviews
/// → ratings (mTLS on every hop) and asserts that no request fails. This case asserts that those rotations really
/// happened: the ingress and the sidecars on the page's path rotated at least twice each in one process (watched from
/// the mesh's start, <see cref="CertificateWatch"/>), with its own load running until they have and failing nothing.
/// Run first, it waits the 20 s two rotations take; run later, it only checks.
/// </summary>
[Collection(ChaosMeshCollection.Name)]
public sealed class R05RotationTests(ChaosMesh chaos, ITestOutputHelper output)
{
    [Fact]
    public async Task R5_TwentySecondCertificatesUnderLoad_TwoRotationsOnEveryHopAndNoRequestFails()
    {
        var watched = chaos.Certificates;
        await using var load = SteadyLoad.Start(chaos.IngressPort);
        var watch = Stopwatch.StartNew();
        while (watched.Names.Any(name => watched.Rotations(name) < 2))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(120), $"not two rotations each: {Describe(watched)}");
            await Task.Delay(250);
        }

        await load.WaitForProgressAsync(10, ChaosMesh.Deadline);
        var (sent, failed, lost) = await load.StopAsync();
        ChaosReport.Record(
            new ChaosFigure("R5", load.Description + " (and every other case's load)", "certificate TTL 20 s, rotation at half-life, all through the suite", sent, failed, lost, $"waited {watch.Elapsed.TotalSeconds:0} s for two rotations each")
            {
                Notes = Describe(watched) + " (most in one process)",
            },
            output);
        Assert.True(failed == 0 && lost == 0, load.Describe());
    }

    private static string Describe(CertificateWatch watched) => string.Join(", ", watched.Names.Select(name => $"{name} {watched.Rotations(name)} rotations"));
}
