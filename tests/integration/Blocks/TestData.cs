using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.IntegrationTests.Blocks;

internal static class TestData
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static VirtualService Vs(string name, string ns = "default", string? label = null, string? resourceVersion = null) => new()
    {
        ApiVersion = "networking.istio.io/v1",
        Metadata = new ResourceMetadata
        {
            Name = name,
            Namespace = ns,
            Labels = label is null ? default : new ValueMap<string, string>([KeyValuePair.Create("test", label)]),
            ResourceVersion = resourceVersion,
        },
    };

    public static DestinationRule Dr(string name, string ns = "default") => new()
    {
        ApiVersion = "networking.istio.io/v1",
        Metadata = new ResourceMetadata { Name = name, Namespace = ns },
    };

    public static ServiceInstance Instance(string service, string id, string ns = "default", int port = 9080, string version = "v1") => new()
    {
        Service = service,
        Namespace = ns,
        InstanceId = id,
        Address = "10.0.0.1",
        Port = port,
        Labels = new ValueMap<string, string>([KeyValuePair.Create("app", service), KeyValuePair.Create("version", version)]),
    };
}
