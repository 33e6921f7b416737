using System.Text.Json;
using Xunit;

namespace GatewayMesh.IntegrationTests.Cli;

public sealed class GetCommandTests : IAsyncLifetime
{
    private const string Reviews = """
        {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
         "metadata": {"name": "reviews", "namespace": "default", "resourceVersion": "12"},
         "spec": {"hosts": ["reviews"], "http": [{"route": [{"destination": {"host": "reviews", "subset": "v1"}}]}]}}
        """;

    private const string Bookinfo = """
        {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
         "metadata": {"name": "bookinfo", "namespace": "default", "resourceVersion": "3"},
         "spec": {"hosts": ["*"], "gateways": ["bookinfo-gateway"]}}
        """;

    private const string ShopCart = """
        {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
         "metadata": {"name": "cart", "namespace": "shop", "resourceVersion": "9"},
         "spec": {"hosts": ["cart.shop.svc.cluster.local"]}}
        """;

    private FakeRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await FakeRegistry.StartAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task Get_KindList_PrintsSortedTableForDefaultNamespace()
    {
        _registry.Respond("GET /api/v1/configs?kind=VirtualService&namespace=default", 200, $$"""{"revision": 12, "items": [{{Reviews}}, {{Bookinfo}}]}""");

        var result = await new CliHarness().RunAsync(_registry, "get", "virtualservices");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "NAME       GATEWAYS           HOSTS     REVISION\n" +
            "bookinfo   bookinfo-gateway   *         3\n" +
            "reviews    <none>             reviews   12\n",
            result.Out);
    }

    [Fact]
    public async Task Get_AllNamespaces_AddsNamespaceColumnAndOmitsNamespaceFilter()
    {
        _registry.Respond("GET /api/v1/configs?kind=VirtualService", 200, $$"""{"revision": 12, "items": [{{ShopCart}}, {{Reviews}}]}""");

        var result = await new CliHarness().RunAsync(_registry, "get", "vs", "-A");

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("NAMESPACE   NAME      GATEWAYS   HOSTS", lines[0]);
        Assert.StartsWith("default     reviews", lines[1]);
        Assert.StartsWith("shop        cart", lines[2]);
    }

    [Fact]
    public async Task Get_Namespace_PassesNamespaceFilter()
    {
        _registry.Respond("GET /api/v1/configs", 200, """{"revision": 1, "items": []}""");

        var result = await new CliHarness().RunAsync(_registry, "get", "DestinationRule", "-n", "shop");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("?kind=DestinationRule&namespace=shop", _registry.Single().Query);
        Assert.Equal("No resources found in shop namespace.\n", result.Error);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Get_OneByNameAsYaml_PrintsCanonicalResource()
    {
        _registry.Respond("GET /api/v1/configs/VirtualService/default/reviews", 200, Reviews);

        var result = await new CliHarness().RunAsync(_registry, "get", "vs", "reviews", "-o", "yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: reviews
              namespace: default
              resourceVersion: "12"
            spec:
              hosts:
              - reviews
              http:
              - route:
                - destination:
                    host: reviews
                    subset: v1

            """.ReplaceLineEndings("\n"),
            result.Out);
    }

    [Fact]
    public async Task Get_KindSlashNameAsJson_PrintsResource()
    {
        _registry.Respond("GET /api/v1/configs/VirtualService/default/reviews", 200, Reviews);

        var result = await new CliHarness().RunAsync(_registry, "get", "virtualservice.networking.istio.io/reviews", "-o", "json");

        Assert.Equal(0, result.ExitCode);
        using var output = JsonDocument.Parse(result.Out);
        Assert.Equal("reviews", output.RootElement.GetProperty("metadata").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Get_ListAsYaml_PrintsKubectlList()
    {
        _registry.Respond("GET /api/v1/configs", 200, $$"""{"revision": 12, "items": [{{Reviews}}]}""");

        var result = await new CliHarness().RunAsync(_registry, "get", "vs", "-o", "yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"12\"\nitems:\n- apiVersion: networking.istio.io/v1\n  kind: VirtualService\n", result.Out);
    }

    [Fact]
    public async Task Get_ListAsJson_PrintsListWithItems()
    {
        _registry.Respond("GET /api/v1/configs", 200, $$"""{"revision": 12, "items": [{{Reviews}}, {{Bookinfo}}]}""");

        var result = await new CliHarness().RunAsync(_registry, "get", "vs", "-o", "json");

        using var output = JsonDocument.Parse(result.Out);
        Assert.Equal("List", output.RootElement.GetProperty("kind").GetString());
        Assert.Equal(["bookinfo", "reviews"], output.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Get_MissingName_ExitsOneSayingNotFound()
    {
        var result = await new CliHarness().RunAsync(_registry, "get", "vs", "ratings");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: virtualservices.networking.istio.io \"ratings\" not found in namespace default\n", result.Error);
    }

    [Fact]
    public async Task Get_WideDestinationRule_ShowsSubsets()
    {
        _registry.Respond("GET /api/v1/configs", 200, """
            {"revision": 2, "items": [{"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
              "metadata": {"name": "reviews", "namespace": "default", "resourceVersion": "2"},
              "spec": {"host": "reviews", "subsets": [{"name": "v1", "labels": {"version": "v1"}}, {"name": "v2", "labels": {"version": "v2"}}]}}]}
            """);

        var result = await new CliHarness().RunAsync(_registry, "get", "dr", "-o", "wide");

        Assert.Equal("NAME      HOST      SUBSETS   REVISION\nreviews   reviews   v1,v2     2\n", result.Out);
    }
}
