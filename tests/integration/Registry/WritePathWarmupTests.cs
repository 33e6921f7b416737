using GatewayMesh.Core.Config.Model;
using GatewayMesh.Registry.Hosting;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

/// <summary>
/// The registry runs the CPU-heavy part of a config write before it serves (RegistryReplicasTests: under CI load the
/// survivor's first apply after a takeover outlasted its client's 10 s timeout, paying the cold path then).
/// </summary>
public sealed class WritePathWarmupTests
{
    [Fact]
    public void Run_SampleParsesValidatesAndRoundTrips()
    {
        var resources = WritePathWarmup.Run();

        var resource = Assert.Single(resources);
        Assert.IsType<VirtualService>(resource);
        Assert.Equal(new ResourceKey("VirtualService", "default", "warmup"), resource.Key);
    }
}
