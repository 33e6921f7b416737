using GatewayMesh.Sidecar.Hosting;
using GatewayMesh.Sidecar.Outbound;
using Xunit;

namespace GatewayMesh.IntegrationTests.Sidecar;

public sealed class SidecarOptionsTests
{
    [Fact]
    public void ExtractLabels_RepeatedAndInlineForms_AllCollectedAndRemoved()
    {
        var (remaining, labels) = CommandLineArgs.ExtractLabels(["--service", "reviews", "--label", "zone=z1", "--label=tier=gold", "--app-port", "1"]);

        Assert.Equal(["--service", "reviews", "--app-port", "1"], remaining);
        Assert.Equal(["zone=z1", "tier=gold"], labels);
    }

    [Fact]
    public void ParseLabels_AppAndVersionDefaults_ExtraLabelsAddedAndMayOverride()
    {
        var options = new SidecarOptions { Service = "reviews", Version = "v3" };
        options.ExtraLabels.AddRange(["zone=z1", "version=v3-canary"]);

        var labels = options.ParseLabels();

        Assert.Equal("reviews", labels["app"]);
        Assert.Equal("v3-canary", labels["version"]);
        Assert.Equal("z1", labels["zone"]);
    }

    [Fact]
    public void ParseLabels_EntryWithoutEquals_ThrowsNamingIt()
    {
        var options = new SidecarOptions { Service = "reviews" };
        options.ExtraLabels.Add("zone");

        var error = Assert.Throws<InvalidOperationException>(() => options.ParseLabels());

        Assert.Contains("'zone'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ALLOW_ANY", OutboundPolicy.AllowAny)]
    [InlineData("registry_only", OutboundPolicy.RegistryOnly)]
    public void ParseOutboundPolicy_KnownModes_Parsed(string text, OutboundPolicy expected) =>
        Assert.Equal(expected, new SidecarOptions { OutboundPolicy = text }.ParseOutboundPolicy());

    [Fact]
    public void Validate_UnknownPolicy_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new SidecarOptions { Service = "a", AppPort = 1, OutboundPolicy = "DENY" }.Validate());

    [Fact]
    public void Validate_NoService_ThrowsNamingTheSwitch()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SidecarOptions { AppPort = 1 }.Validate());

        Assert.Contains("--service", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoAppPortNorCommand_ThrowsNamingTheSwitch()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new SidecarOptions { Service = "a" }.Validate());

        Assert.Contains("--app-port", error.Message, StringComparison.Ordinal);
    }
}
