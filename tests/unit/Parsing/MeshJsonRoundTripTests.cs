using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Config.Serialization;
using GatewayMesh.UnitTests.Model;
using Xunit;

namespace GatewayMesh.UnitTests.Parsing;

public class MeshJsonRoundTripTests
{
    [Fact]
    public void Parse_CanonicalJsonOfFullyPopulatedSamples_GivesEqualRecords()
    {
        // What the stores keep and `-o json` prints must read back through the user-facing parser unchanged.
        foreach (var sample in ModelSamples.All())
        {
            foreach (var indented in new[] { false, true })
            {
                var json = MeshJson.SerializeResource(sample, indented);

                var result = ConfigParser.Parse(json, $"{sample.Kind}.json");

                Assert.True(result.Succeeded, $"{sample.Kind}: {string.Join("\n", result.Errors)}\n{json}");
                Assert.Equal(sample, Assert.Single(result.Resources));
            }
        }
    }
}
