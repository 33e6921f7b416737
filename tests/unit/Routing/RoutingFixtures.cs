using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Proxy.Routing;
using Xunit;

namespace GatewayMesh.UnitTests.Routing;

/// <summary>Builds snapshots from YAML and requests from plain values for the routing tests.</summary>
internal static class RoutingFixtures
{
    public static readonly ProxyIdentity Ingress = ProxyIdentity.Ingress(Labels(("istio", "ingressgateway")));

    public static ProxyIdentity Sidecar(string service = "productpage", string ns = "default", params (string, string)[] labels) =>
        ProxyIdentity.Sidecar(service, ns, Labels([("app", service), .. labels]));

    public static ValueMap<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.Select(l => KeyValuePair.Create(l.Key, l.Value)).ToValueMap();

    /// <summary>One resource as YAML: <c>apiVersion</c>, <c>kind</c>, <c>metadata</c> name and namespace, and <paramref name="spec"/> as written.</summary>
    public static string Resource(string apiVersion, string kind, string name, string ns, string spec) => $"""
        apiVersion: {apiVersion}
        kind: {kind}
        metadata: {"{"}name: {name}, namespace: {ns}{"}"}
        spec: {spec}
        """;

    public static IReadOnlyList<ConfigResource> Parse(string yaml)
    {
        var result = ConfigParser.Parse(yaml);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        return result.Resources;
    }

    public static string Bookinfo(string fileName) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo", fileName));

    /// <summary>A snapshot of the resources in <paramref name="yaml"/> (later documents replace earlier ones with the same key) and instances of the named services.</summary>
    public static MeshSnapshot Snapshot(string yaml, params string[] services)
    {
        var configs = new Dictionary<ResourceKey, ConfigResource>();
        foreach (var resource in Parse(yaml))
        {
            configs[resource.Key] = resource;
        }

        var instances = services.Select(s => Instance(s)).ToDictionary(i => i.Key);
        return new MeshSnapshot(1, configs.ToValueMap(), instances.ToValueMap());
    }

    public static ServiceInstance Instance(string service, string ns = "default", string version = "v1") => new()
    {
        Service = service,
        Namespace = ns,
        InstanceId = $"{service}-{version}-1",
        Address = "127.0.0.1",
        Port = 9080,
        Labels = Labels(("app", service), ("version", version)),
    };

    public static RequestView Get(string authority, string path, params (string Name, string Value)[] headers) =>
        RequestView.Create("GET", authority, path, headers.Select(h => KeyValuePair.Create(h.Name, h.Value)));

    /// <summary>The single destination of the matched rule, failing the test if the request does not match or does not forward.</summary>
    public static ClusterKey RouteTo(RouteTable table, RequestView request)
    {
        var match = table.Match(request);
        Assert.NotNull(match);
        var forward = Assert.IsType<ForwardAction>(match.Value.Action);
        return Assert.Single(forward.Destinations.Destinations).Cluster;
    }

    public static ClusterKey Reviews(string? subset) => new("reviews.default.svc.cluster.local", subset, null);
}
