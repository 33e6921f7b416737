using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using GatewayMesh.Core.Blocks;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;
using GatewayMesh.Core.Identity;
using Xunit;

namespace GatewayMesh.UnitTests.Parsing;

/// <summary>
/// What a proxy reads and writes besides config resources: registry instances, leases, registrations, change notices
/// and a WorkloadGroup join. A natively compiled sidecar has no JSON reflection, so each must resolve from the
/// source-generated contexts alone (<see cref="BlocksJson"/>, <see cref="MeshJson"/>) and give exactly the JSON the
/// reflection-based form gave: without them a native sidecar could load no snapshot with an instance in it.
/// </summary>
public sealed class BlocksJsonContextTests
{
    private static readonly JsonSerializerOptions ContextOnly = MeshJson.CreateOptions(indented: false, reflection: false, BlocksJsonContext.Default);

    private static readonly ServiceInstance Instance = new()
    {
        Service = "reviews",
        Namespace = "bookinfo",
        InstanceId = "reviews-v2-1",
        Address = "10.1.2.3",
        Port = 9080,
        Labels = new Dictionary<string, string> { ["app"] = "reviews", ["version"] = "v2" }.ToValueMap(),
        ServiceAccount = "bookinfo-reviews",
        Health = InstanceHealth.Unhealthy,
    };

    public static TheoryData<object> Samples() =>
    [
        Instance,
        new InstanceLease(Instance, new DateTimeOffset(2026, 12, 8, 4, 0, 0, TimeSpan.Zero), 42),
        new InstanceRegistration(Instance, 30),
        new ChangeNotice(7, ChangeKind.InstancePut, "bookinfo/reviews/reviews-v2-1", "{}"),
        new ChangeNotice(8, ChangeKind.ConfigDelete, "VirtualService/default/reviews", null),
        new GroupRegistration("10.1.2.4", 15006, "net-1", 30, new WorkloadProof(["-----BEGIN CERTIFICATE-----"], 1_765_000_000_000, "c2ln"), Healthy: true),
    ];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Serialize_ContextOnly_SameJsonAsReflection(object sample)
    {
        var type = sample.GetType();
        var expected = JsonSerializer.Serialize(sample, type, MeshJsonContextTests.ReflectionOnly());

        var json = JsonSerializer.Serialize(sample, ContextOnly.GetTypeInfo(type));

        Assert.Equal(expected, json);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Deserialize_ContextOnly_GivesAnEqualRecord(object sample)
    {
        var type = sample.GetType();
        var json = JsonSerializer.Serialize(sample, type, MeshJsonContextTests.ReflectionOnly());

        var read = JsonSerializer.Deserialize(json, ContextOnly.GetTypeInfo(type));

        Assert.Equal(JsonSerializer.Serialize(sample, type, MeshJsonContextTests.ReflectionOnly()), JsonSerializer.Serialize(read, type, MeshJsonContextTests.ReflectionOnly()));
        if (sample is ServiceInstance or ChangeNotice)
        {
            Assert.Equal(sample, read); // records whose members all compare by value
        }
    }

    [Fact]
    public void BlocksJson_WireForms_AreTheCanonicalOnes()
    {
        Assert.Equal("INSTANCE_PUT", ChangeNoticeJson.KindName(ChangeKind.InstancePut));
        Assert.Equal(
            """{"revision":8,"kind":"CONFIG_DELETE","key":"VirtualService/default/reviews"}""",
            ChangeNoticeJson.Serialize(new ChangeNotice(8, ChangeKind.ConfigDelete, "VirtualService/default/reviews", null)));
        Assert.IsAssignableFrom<JsonTypeInfo<ServiceInstance>>(BlocksJson.TypeInfo<ServiceInstance>());
    }
}
