using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Bench;

/// <summary>Realistic resources: VirtualServices with a header match and a weighted split, instances with labels.</summary>
internal static class SampleMesh
{
    public static VirtualService VirtualService(string name, int weight = 90) => new()
    {
        ApiVersion = "networking.istio.io/v1",
        Metadata = new ResourceMetadata { Name = name },
        Spec = new VirtualServiceSpec
        {
            Hosts = [name],
            Http =
            [
                new HttpRoute
                {
                    Match = [new HttpMatchRequest { Headers = new ValueMap<string, StringMatch>([KeyValuePair.Create("end-user", new StringMatch { Exact = "jason" })]) }],
                    Route = [new HttpRouteDestination { Destination = new Destination { Host = name, Subset = "v2" } }],
                },
                new HttpRoute
                {
                    Route =
                    [
                        new HttpRouteDestination { Destination = new Destination { Host = name, Subset = "v1" }, Weight = weight },
                        new HttpRouteDestination { Destination = new Destination { Host = name, Subset = "v2" }, Weight = 100 - weight },
                    ],
                },
            ],
        },
    };

    public static ServiceInstance Instance(string service, int index) => new()
    {
        Service = service,
        InstanceId = $"{service}-{index}",
        Address = $"10.{index / 65536 % 256}.{index / 256 % 256}.{index % 256}",
        Port = 9080,
        ServiceAccount = service,
        Labels = new ValueMap<string, string>([KeyValuePair.Create("app", service), KeyValuePair.Create("version", $"v{index % 3 + 1}")]),
    };
}
