using GatewayMesh.Cli.Local.Observability;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace GatewayMesh.UnitTests.Up;

/// <summary>What <c>meshctl up</c>'s telemetry switches hand every proxy it starts.</summary>
public sealed class ObservabilitySettingsTests
{
    [Fact]
    public void ProxyEnvironment_TrustClientSamplingFalse_PassedAsTheKeyTheProxiesBind()
    {
        var environment = new ObservabilitySettings { TrustClientSampling = false, TraceSampling = 5 }.ProxyEnvironment(otlpPort: null);

        Assert.Equal("false", environment["GATEWAYMESH_Telemetry__TrustClientSampling"]);
        Assert.Equal("5", environment["GATEWAYMESH_Telemetry__TraceSampling"]);
        var read = GatewayMesh.Proxy.Telemetry.Config.TelemetryDefaults.From(
            new ConfigurationBuilder()
                .AddInMemoryCollection(environment.ToDictionary(e => e.Key["GATEWAYMESH_".Length..].Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value))
                .Build());
        Assert.False(read.TrustClientSampling);
        Assert.Equal(5, read.SamplingPercentage);
    }

    [Fact]
    public void ProxyEnvironment_TrustClientSamplingUnset_LeavesTheProxiesDefault()
    {
        var environment = new ObservabilitySettings().ProxyEnvironment(otlpPort: null);

        Assert.False(environment.ContainsKey("GATEWAYMESH_Telemetry__TrustClientSampling"));
    }
}
