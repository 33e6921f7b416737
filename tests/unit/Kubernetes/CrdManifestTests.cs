using GatewayMesh.Cli.Kubernetes;
using GatewayMesh.Core.Config.Model;
using Xunit;
using YamlDotNet.RepresentationModel;

namespace GatewayMesh.UnitTests.Kubernetes;

/// <summary>The chart's CRDs are generated from the kind table: a kind added later fails here until they are regenerated.</summary>
public sealed class CrdManifestTests
{
    private const string Regenerate = "regenerate with: ./meshctl manifest crds > charts/gatewaymesh/crds/crds.yaml";
    private static readonly string ChartCrds = Path.Combine(AppContext.BaseDirectory, "charts", "crds", "crds.yaml");

    [Fact]
    public void ChartCrds_EveryKindOfTheMesh_HasItsCrd()
    {
        var names = Documents(File.ReadAllText(ChartCrds))
            .Select(d => ((YamlScalarNode)((YamlMappingNode)d["metadata"])["name"]).Value)
            .ToHashSet();
        var missing = ResourceKinds.All.Select(k => $"{k.Plural}.{k.Group}").Where(n => !names.Contains(n)).ToList();
        Assert.True(missing.Count == 0, $"no CRD in the chart for {string.Join(", ", missing)}; {Regenerate}");
    }

    [Fact]
    public void ChartCrds_File_EqualsTheGeneratedManifest() =>
        Assert.True(File.ReadAllText(ChartCrds) == CrdManifest.Yaml(), $"charts/gatewaymesh/crds/crds.yaml is stale; {Regenerate}");

    [Fact]
    public void For_EveryKind_ServesEveryVersionStoresThePreferredOneWithShortNamesAndStatus()
    {
        foreach (var kind in ResourceKinds.All)
        {
            var crd = CrdManifest.For(kind);
            var spec = crd["spec"]!;
            Assert.Equal(kind.Kind, (string?)spec["names"]!["kind"]);
            Assert.Equal(kind.ShortNames, spec["names"]!["shortNames"]!.AsArray().Select(n => (string?)n));
            var versions = spec["versions"]!.AsArray();
            Assert.Equal(kind.Versions, versions.Select(v => (string?)v!["name"]));
            Assert.Equal([true], versions.Where(v => (bool)v!["storage"]!).Select(v => (string?)v!["name"] == kind.Versions[0]));
            Assert.All(versions, v => Assert.NotNull(v!["subresources"]!["status"]));
        }
    }

    [Fact]
    public void For_VirtualService_PrintsGatewaysHostsAcceptedAndAge()
    {
        var columns = CrdManifest.For(ResourceKinds.Get(ResourceKinds.VirtualService))["spec"]!["versions"]![0]!["additionalPrinterColumns"]!.AsArray();
        Assert.Equal(["Gateways", "Hosts", "Accepted", "Age"], columns.Select(c => (string?)c!["name"]));
    }

    private static IEnumerable<YamlMappingNode> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => (YamlMappingNode)d.RootNode);
    }
}
