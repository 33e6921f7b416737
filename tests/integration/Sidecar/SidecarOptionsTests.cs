using GatewayMesh.Core.Hosting;
using GatewayMesh.Sidecar.Settings;
using Xunit;

namespace GatewayMesh.IntegrationTests.Sidecar;

public sealed class SidecarOptionsTests
{
    [Fact]
    public void ExtractLabels_RepeatedAndInlineForms_AllCollectedAndRemoved()
    {
        var (remaining, labels) = CommandLineSwitches.ExtractRepeated(["--service", "reviews", "--label", "zone=z1", "--label=tier=gold", "--app-port", "1"], "label");

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

    [Theory]
    [InlineData("10s", 10)]
    [InlineData("1s", 1)]
    [InlineData("5m", 300)]
    public void ParseLeaseTtl_WholeSecondsInRange_Parsed(string text, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new SidecarOptions { LeaseTtl = text }.ParseLeaseTtl());

    [Theory]
    [InlineData("0s")]
    [InlineData("500ms")]
    [InlineData("1.5s")]
    [InlineData("301s")]
    [InlineData("ten")]
    public void Validate_LeaseTtlOutOfRangeOrNotADuration_ThrowsNamingTheSwitch(string text)
    {
        var error = Assert.Throws<InvalidSettingsException>(() => new SidecarOptions { Service = "a", AppPort = 1, LeaseTtl = text }.Validate());

        Assert.Contains("--lease-ttl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BindNotAnAddress_ThrowsNamingTheSwitch()
    {
        var error = Assert.Throws<InvalidSettingsException>(() => new SidecarOptions { Service = "a", AppPort = 1, Bind = "pod-ip" }.Validate());

        Assert.Contains("--bind: 'pod-ip'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownCaptureMode_ThrowsNamingTheSwitch()
    {
        var error = Assert.Throws<InvalidSettingsException>(() => new SidecarOptions { Service = "a", AppPort = 1, Capture = "tproxy" }.Validate());

        Assert.Contains("--capture: 'tproxy'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownPolicy_Throws() =>
        Assert.Throws<InvalidSettingsException>(() => new SidecarOptions { Service = "a", AppPort = 1, OutboundPolicy = "DENY" }.Validate());

    [Fact]
    public void Validate_NoService_ThrowsNamingTheSwitch()
    {
        var error = Assert.Throws<InvalidSettingsException>(() => new SidecarOptions { AppPort = 1 }.Validate());

        Assert.Contains("--service", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoAppPortNorCommand_ThrowsNamingTheSwitch()
    {
        var error = Assert.Throws<InvalidSettingsException>(() => new SidecarOptions { Service = "a" }.Validate());

        Assert.Contains("--app-port", error.Message, StringComparison.Ordinal);
    }
}
