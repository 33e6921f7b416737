using GatewayMesh.Proxy.Routing;
using Xunit;
using Xunit.Abstractions;
using static GatewayMesh.UnitTests.Routing.RoutingFixtures;

namespace GatewayMesh.UnitTests.Routing;

/// <summary>
/// Issue 12: destination weights are relative, as in Istio since 1.15 (a destination gets weight / sum). Each case
/// compiles a VirtualService through the real route compiler, picks 60,000 destinations with a seeded generator, and
/// runs Pearson's chi-square goodness-of-fit test against weight/sum at p = 0.001. The same counts must reject the
/// split the old rule would have produced (the test has power), and a weight of 0 gets nothing at all.
/// </summary>
public sealed class RelativeWeightTests(ITestOutputHelper output)
{
    private const int Picks = 60_000;

    /// <summary>Chi-square critical values at p = 0.001 for 1 and 2 degrees of freedom.</summary>
    private static readonly double[] Critical = [double.NaN, 10.828, 13.816];

    public static TheoryData<string, int[]> Splits() => new()
    {
        { "2:1", [2, 1] },
        { "0/100", [0, 100] },
        { "1000 total", [700, 200, 100] },
        { "3 of 7 total", [1, 2, 4] },
    };

    [Theory]
    [MemberData(nameof(Splits))]
    public void Pick_RelativeWeights_FollowWeightOverSum(string name, int[] weights)
    {
        var picker = Compile(weights);
        Assert.Equal(weights, picker.Destinations.Select(d => d.Weight));

        foreach (var seed in new[] { 1, 12, 2026 })
        {
            var counts = Count(picker, new Random(seed));
            var sum = weights.Sum();
            for (var i = 0; i < weights.Length; i++)
            {
                if (weights[i] == 0)
                {
                    Assert.True(counts[i] == 0, $"{name}: weight 0 got {counts[i]} requests");
                }
            }

            var positive = Enumerable.Range(0, weights.Length).Where(i => weights[i] > 0).ToArray();
            if (positive.Length > 1)
            {
                var chi = ChiSquare(positive.Select(i => counts[i]).ToArray(), positive.Select(i => (double)weights[i] / sum).ToArray());
                output.WriteLine($"{name} seed {seed}: counts {string.Join("/", counts)}, chi-square {chi:0.00} (critical {Critical[positive.Length - 1]})");
                Assert.True(chi < Critical[positive.Length - 1], $"{name} seed {seed}: chi-square {chi:0.00} >= {Critical[positive.Length - 1]} for counts {string.Join("/", counts)}");

                var equal = Enumerable.Repeat(1.0 / positive.Length, positive.Length).ToArray();
                var againstEqual = ChiSquare(positive.Select(i => counts[i]).ToArray(), equal);
                Assert.True(againstEqual > 100 * Critical[positive.Length - 1], $"{name}: counts {string.Join("/", counts)} do not tell the split from an even one");
            }
        }
    }

    [Fact]
    public void Compile_WeightsSummingTo100_SplitUnchanged()
    {
        var counts = Count(Compile([90, 10]), new Random(7));
        Assert.True(ChiSquare(counts, [0.9, 0.1]) < Critical[1], string.Join("/", counts));
    }

    [Fact]
    public void Compile_SingleDestinationWithoutWeight_TakesAllTraffic()
    {
        var picker = Compile([]);
        Assert.Equal(100, Assert.Single(picker.Destinations).Weight);
    }

    private static WeightedPicker Compile(int[] weights)
    {
        var route = weights.Length == 0
            ? "{destination: {host: reviews, subset: v1}}"
            : string.Join(", ", weights.Select((w, i) => $"{{destination: {{host: reviews, subset: v{i + 1}}}, weight: {w}}}"));
        var yaml = $"apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {{name: reviews}}\nspec: {{hosts: [reviews], http: [{{route: [{route}]}}]}}\n";
        var table = RouteTableCompiler.Compile(Snapshot(yaml, "reviews"), Sidecar());
        var match = table.Match(Get("reviews:9080", "/reviews/0"));
        Assert.NotNull(match);
        return Assert.IsType<ForwardAction>(match.Value.Action).Destinations;
    }

    private static int[] Count(WeightedPicker picker, Random random)
    {
        var hosts = picker.Destinations.Select(d => d.Cluster).ToList();
        var counts = new int[hosts.Count];
        for (var i = 0; i < Picks; i++)
        {
            counts[hosts.IndexOf(picker.Pick(random).Cluster)]++;
        }

        return counts;
    }

    private static double ChiSquare(int[] observed, double[] proportions)
    {
        var total = observed.Sum();
        return observed.Select((o, i) => Math.Pow(o - (total * proportions[i]), 2) / (total * proportions[i])).Sum();
    }
}
