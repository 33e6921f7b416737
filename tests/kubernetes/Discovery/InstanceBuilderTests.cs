using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Registry.Kubernetes.Discovery;
using k8s.Models;
using Xunit;

namespace GatewayMesh.KubernetesTests.Discovery;

/// <summary>
/// The EndpointSlice (discovery.k8s.io/v1) path of discovery, which the 1.20 API server of these tests does not serve:
/// checked on the objects alone.
/// </summary>
public sealed class InstanceBuilderTests
{
    [Fact]
    public void FromSlice_ReadyAndNotReadyEndpointsWithPods_InstancesWithLabelsIdentityAndHealth()
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "ratings-v1-a", NamespaceProperty = "shop", Labels = new Dictionary<string, string> { ["app"] = "ratings", ["version"] = "v1" } },
            Spec = new V1PodSpec { ServiceAccountName = "bookinfo-ratings" },
        };
        var slice = new V1EndpointSlice
        {
            Metadata = new V1ObjectMeta { Name = "ratings-x1", NamespaceProperty = "shop", Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "ratings" } },
            AddressType = "IPv4",
            Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 9080 }],
            Endpoints =
            [
                new V1Endpoint { Addresses = ["10.2.0.5"], Conditions = new V1EndpointConditions { Ready = true }, TargetRef = new V1ObjectReference { Kind = "Pod", Name = "ratings-v1-a" } },
                new V1Endpoint { Addresses = ["10.2.0.6"], Conditions = new V1EndpointConditions { Ready = false } },
            ],
        };

        var instances = InstanceBuilder.FromSlice(slice, (ns, name) => ns == "shop" && name == "ratings-v1-a" ? pod : null).ToList();

        Assert.Equal(2, instances.Count);
        Assert.Equal(("ratings", "shop", "ratings-v1-a", "10.2.0.5", 9080, "v1", "bookinfo-ratings", InstanceHealth.Healthy),
            (instances[0].Service, instances[0].Namespace, instances[0].InstanceId, instances[0].Address, instances[0].Port, instances[0].Labels["version"], instances[0].ServiceAccount, instances[0].Health));
        Assert.Equal(("10-2-0-6", "default", InstanceHealth.Unhealthy), (instances[1].InstanceId.Replace('.', '-'), instances[1].ServiceAccount, instances[1].Health));
    }

    [Fact]
    public void FromSlice_WithoutServiceNameLabel_NoInstances()
    {
        var slice = new V1EndpointSlice { Metadata = new V1ObjectMeta { Name = "orphan", NamespaceProperty = "shop" }, AddressType = "IPv4", Endpoints = [] };
        Assert.Empty(InstanceBuilder.FromSlice(slice, (_, _) => null));
    }
}
