using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using Xunit;

namespace GatewayMesh.UnitTests.Clusters;

internal static class ClusterSnapshots
{
    public const string ReviewsFqdn = "reviews.default.svc.cluster.local";

    public static ServiceInstance Instance(
        string service,
        string version,
        int n = 1,
        string ns = "default",
        InstanceHealth health = InstanceHealth.Healthy) => new()
    {
        Service = service,
        Namespace = ns,
        InstanceId = $"{service}-{version}-{n}",
        Address = $"10.0.{version.Length}.{n}",
        Port = 9080,
        Labels = new Dictionary<string, string> { ["app"] = service, ["version"] = version }.ToValueMap(),
        ServiceAccount = $"bookinfo-{service}",
        Health = health,
    };

    public static MeshSnapshot Snapshot(IEnumerable<ServiceInstance> instances, params string[] yaml) => new(
        1,
        yaml.SelectMany(Parse).ToDictionary(r => r.Key).ToValueMap(),
        instances.ToDictionary(i => i.Key).ToValueMap());

    public static IReadOnlyList<ConfigResource> Parse(string yaml)
    {
        var parsed = ConfigParser.Parse(yaml);
        Assert.Empty(parsed.Errors);
        return parsed.Resources;
    }

    public static string Bookinfo(string fileName) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo", fileName));
}
