using System.Collections.Concurrent;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace GatewayMesh.IntegrationTests.Ingress;

/// <summary>
/// Issue 12: relative weights through a real ingress, real HTTP and real upstreams. Each split sends 1,500 requests
/// and tests the counts against weight/sum with Pearson's chi-square at p = 1e-6 (so an unlucky run fails about once
/// in a million), and checks the same counts reject an even split (the test can tell the difference).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RelativeWeightTrafficTests(RedisServerFixture redis, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Requests = 1_500;

    /// <summary>Chi-square critical values at p = 1e-6 for 1 and 2 degrees of freedom.</summary>
    private static readonly double[] Critical = [double.NaN, 23.928, 27.631];

    private IngressHarness _ingress = null!;

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(redis);
        foreach (var version in new[] { "v1", "v2", "v3" })
        {
            await _ingress.AddUpstreamAsync("reviews", $"reviews-{version}", version);
        }

        await _ingress.ApplyAsync(IngressConfigs.Gateway());
        await _ingress.ApplyAsync("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec:
              host: reviews
              subsets:
              - {name: v1, labels: {version: v1}}
              - {name: v2, labels: {version: v2}}
              - {name: v3, labels: {version: v3}}
            """);
    }

    public async Task DisposeAsync() => await _ingress.DisposeAsync();

    [Theory]
    [InlineData("2:1", new[] { 2, 1 })]
    [InlineData("0/100", new[] { 0, 100 })]
    [InlineData("1000 total", new[] { 700, 200, 100 })]
    public async Task RelativeWeights_ThroughTheIngress_SplitFollowsWeightOverSum(string name, int[] weights)
    {
        var route = string.Join(", ", weights.Select((w, i) => $"{{destination: {{host: reviews, subset: v{i + 1}}}, weight: {w}}}"));
        await _ingress.WaitForRevisionAsync(await _ingress.ApplyAsync(IngressConfigs.VirtualService("reviews", $"- route: [{route}]")));

        var answered = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, _) =>
        {
            var echo = await _ingress.GetEchoAsync("/reviews/0");
            answered.AddOrUpdate(echo.Instance, 1, (_, n) => n + 1);
        });

        var counts = weights.Select((_, i) => answered.GetValueOrDefault($"reviews-v{i + 1}")).ToArray();
        output.WriteLine($"{name}: {string.Join("/", counts)} of {Requests}");
        Assert.Equal(Requests, answered.Values.Sum());
        var sum = weights.Sum();
        var positive = Enumerable.Range(0, weights.Length).Where(i => weights[i] > 0).ToArray();
        Assert.All(Enumerable.Range(0, weights.Length).Where(i => weights[i] == 0), i => Assert.Equal(0, counts[i]));
        if (positive.Length < 2)
        {
            return;
        }

        var observed = positive.Select(i => counts[i]).ToArray();
        var chi = ChiSquare(observed, [.. positive.Select(i => (double)weights[i] / sum)]);
        var againstEven = ChiSquare(observed, [.. positive.Select(_ => 1.0 / positive.Length)]);
        output.WriteLine($"chi-square {chi:0.00} (critical {Critical[positive.Length - 1]} at p = 1e-6); against an even split {againstEven:0.0}");
        Assert.True(chi < Critical[positive.Length - 1], $"{name}: {string.Join("/", counts)} does not fit weight/sum (chi-square {chi:0.00})");
        Assert.True(againstEven > Critical[positive.Length - 1], $"{name}: {string.Join("/", counts)} cannot be told from an even split");
    }

    private static double ChiSquare(int[] observed, double[] proportions)
    {
        var total = observed.Sum();
        return observed.Select((o, i) => Math.Pow(o - (total * proportions[i]), 2) / (total * proportions[i])).Sum();
    }
}
