using System.Text.Json.Nodes;
using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;
using GatewayMesh.UnitTests.Routing;
using GatewayMesh.Proxy.Resilience;

namespace GatewayMesh.UnitTests.ProxyConfig;

/// <summary>Compiles YAML for the productpage sidecar and sends the admin documents through a JSON round trip, as meshctl reads them.</summary>
internal static class ProxyConfigFixtures
{
    public const string Ratings = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: ratings, namespace: default}
        spec:
          hosts: [ratings]
          http:
          - name: moved
            match: [{uri: {prefix: /old}}]
            redirect: {uri: /new, redirectCode: 302}
          - name: down
            match: [{uri: {exact: /down}}, {headers: {x-test: {regex: "a.*"}}, method: {exact: POST}}]
            directResponse: {status: 503, body: {string: maintenance}}
          - name: api
            match: [{uri: {prefix: /api/v1}}]
            rewrite: {uri: /v1}
            timeout: 2s
            route: [{destination: {host: ratings, subset: v1, port: {number: 9080}}}]
          - route: [{destination: {host: ratings}}]
        """;

    public static AppliedConfig Compile(string yaml, params string[] services)
    {
        var snapshot = RoutingFixtures.Snapshot(yaml, services);
        return new AppliedConfig(7, true, RouteTableCompiler.Compile(snapshot, RoutingFixtures.Sidecar()), ClusterTableCompiler.Compile(snapshot), ClusterSet.Empty);
    }

    public static JsonNode RoundTrip(JsonObject document) => JsonNode.Parse(document.ToJsonString())!;

    public static string Write(GatewayMesh.Cli.Output.TableWriter table)
    {
        using var writer = new StringWriter();
        table.Write(writer);
        return writer.ToString().ReplaceLineEndings("\n");
    }
}
