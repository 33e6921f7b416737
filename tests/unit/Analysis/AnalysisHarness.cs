using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Analysis;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using Xunit;

namespace GatewayMesh.UnitTests.Analysis;

internal static class AnalysisHarness
{
    public static IReadOnlyList<ConfigResource> Parse(string yaml)
    {
        var parsed = ConfigParser.Parse(yaml);
        Assert.Empty(parsed.Errors);
        return parsed.Resources;
    }

    public static IReadOnlyList<ConfigResource> BookinfoFile(string fileName) =>
        Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo", fileName)));

    public static ServiceInstance Instance(string service, string version = "v1", string ns = "default") => new()
    {
        Service = service,
        Namespace = ns,
        InstanceId = $"{service}-{version}-1",
        Address = "127.0.0.1",
        Port = 9080,
        Labels = new Dictionary<string, string> { ["app"] = service, ["version"] = version }.ToValueMap(),
    };

    /// <summary>The Bookinfo workloads: productpage, details and ratings v1, reviews v1-v3.</summary>
    public static IReadOnlyList<ServiceInstance> BookinfoInstances() =>
    [
        Instance("productpage"), Instance("details"), Instance("ratings"),
        Instance("reviews", "v1"), Instance("reviews", "v2"), Instance("reviews", "v3"),
    ];

    public static string[] Analyze(string yaml, IReadOnlyCollection<ServiceInstance>? instances = null) =>
        [.. ConfigAnalyzer.Analyze(Parse(yaml), instances ?? []).Select(m => m.ToString())];
}
