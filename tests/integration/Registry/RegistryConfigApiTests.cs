using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

public sealed class RegistryConfigApiTests
{
    [Fact]
    public async Task Apply_MultiDocYaml_CreatedThenUnchangedThenConfigured()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var v1 = SampleConfigs.MultiDoc(SampleConfigs.ReviewsRule, SampleConfigs.ReviewsRoute("v1"));
        var v2 = SampleConfigs.MultiDoc(SampleConfigs.ReviewsRule, SampleConfigs.ReviewsRoute("v2"));

        var first = await ApplyAsync(host, v1);
        var second = await ApplyAsync(host, v1);
        var third = await ApplyAsync(host, v2);

        Assert.Equal(["created", "created"], Actions(first));
        Assert.Equal(["unchanged", "unchanged"], Actions(second));
        Assert.Equal(["unchanged", "configured"], Actions(third));
        Assert.Equal((long)first["revision"]!, (long)second["revision"]!);
        Assert.True((long)third["revision"]! > (long)second["revision"]!);
        Assert.Equal("DestinationRule", (string?)first["results"]![0]!["kind"]);
        Assert.Equal("reviews", (string?)first["results"]![0]!["name"]);
        Assert.False(string.IsNullOrEmpty((string?)third["results"]![1]!["resourceVersion"]));
    }

    [Fact]
    public async Task Apply_JsonBody_IsAccepted()
    {
        await using var host = await RegistryTestHost.StartAsync();
        const string json = """{"apiVersion":"networking.istio.io/v1","kind":"DestinationRule","metadata":{"name":"ratings"},"spec":{"host":"ratings"}}""";

        using var response = await host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Json(json));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["created"], Actions(await RegistryTestHost.ReadJsonAsync(response)));
    }

    [Fact]
    public async Task Apply_SeveralInvalidDocuments_Returns400WithEveryErrorAndWritesNothing()
    {
        await using var host = await RegistryTestHost.StartAsync();
        const string badVersion = """
            apiVersion: networking.istio.io/v9
            kind: DestinationRule
            metadata:
              name: one
            spec:
              host: one
            """;
        const string noName = """
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              namespace: default
            spec:
              host: two
            """;

        using var response = await host.Client.PostAsync("/api/v1/apply",
            RegistryTestHost.Yaml(SampleConfigs.MultiDoc(SampleConfigs.RatingsRule, badVersion, noName)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await RegistryTestHost.ReadJsonAsync(response);
        Assert.Equal("validation failed", (string?)body["error"]);
        var details = body["details"]!.AsArray().Select(d => (string)d!).ToList();
        Assert.True(details.Count >= 2, string.Join("\n", details));
        Assert.Contains(details, d => d.Contains("apiVersion", StringComparison.Ordinal));
        Assert.Contains(details, d => d.Contains("metadata.name", StringComparison.Ordinal));
        Assert.Empty((await ListAsync(host))["items"]!.AsArray());
    }

    [Fact]
    public async Task Apply_ParseAndSemanticErrorsInOneResource_Issue12_AllReportedInOneAnswer()
    {
        await using var host = await RegistryTestHost.StartAsync();
        const string broken = """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - timeout: 3x
                retriess: {attempts: 3}
                route:
                - {destination: {host: reviews, subset: v1}, weight: 50}
                - {destination: {host: reviews, subset: v2}, weight: -40}
            """;

        using var response = await host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(broken));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var details = (await RegistryTestHost.ReadJsonAsync(response))["details"]!.AsArray().Select(d => (string)d!).ToList();
        Assert.Equal(
            [
                "VirtualService default/reviews: spec.http[0].retriess: unknown field \"retriess\" (did you mean \"retries\"?)",
                "VirtualService default/reviews: spec.http[0].route[1].weight: weight must be >= 0, got -40",
                "VirtualService default/reviews: spec.http[0].timeout: invalid duration \"3x\": unknown unit \"x\" (use ns, us, ms, s, m or h)",
            ],
            details);
        Assert.Empty((await ListAsync(host))["items"]!.AsArray());
    }

    [Fact]
    public async Task Apply_FileMixingKubernetesKinds_StoresTheMeshResourcesAndNamesTheSkipped()
    {
        await using var host = await RegistryTestHost.StartAsync();
        const string service = """
            apiVersion: v1
            kind: Service
            metadata: {name: ratings, labels: {app: ratings}}
            spec: {ports: [{port: 9080, name: http}]}
            """;
        const string deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ratings-v1}\nspec: {replicas: 1}\n";

        var applied = await ApplyAsync(host, SampleConfigs.MultiDoc(service, SampleConfigs.RatingsRule, deployment));
        var onlyKubernetes = await ApplyAsync(host, SampleConfigs.MultiDoc(service));

        Assert.Equal(["created"], Actions(applied));
        Assert.Equal(
            ["request document 1: Service ratings (v1) skipped: not mesh config", "request document 3: Deployment ratings-v1 (apps/v1) skipped: not mesh config"],
            applied["skipped"]!.AsArray().Select(s => (string)s!));
        Assert.Empty(Actions(onlyKubernetes));
        Assert.Single(onlyKubernetes["skipped"]!.AsArray());
        Assert.Single((await ListAsync(host))["items"]!.AsArray());
    }

    [Fact]
    public async Task Apply_StaleResourceVersion_Returns409()
    {
        await using var host = await RegistryTestHost.StartAsync();
        var created = await ApplyAsync(host, SampleConfigs.ReviewsRoute("v1"));
        var version = (string)created["results"]![0]!["resourceVersion"]!;
        await ApplyAsync(host, SampleConfigs.ReviewsRoute("v2", resourceVersion: version));

        using var stale = await host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(SampleConfigs.ReviewsRoute("v3", resourceVersion: version)));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.NotNull((string?)(await RegistryTestHost.ReadJsonAsync(stale))["error"]);
    }

    [Fact]
    public async Task CreateConfig_WhenItExists_Returns409()
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var first = await host.Client.PostAsync("/api/v1/configs", RegistryTestHost.Yaml(SampleConfigs.RatingsRule));
        using var second = await host.Client.PostAsync("/api/v1/configs", RegistryTestHost.Yaml(SampleConfigs.RatingsRule));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("/api/v1/configs/DestinationRule/default/ratings", first.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
    }

    [Fact]
    public async Task Configs_GetListReplaceDelete_RoundTrip()
    {
        await using var host = await RegistryTestHost.StartAsync();
        await ApplyAsync(host, SampleConfigs.MultiDoc(SampleConfigs.ReviewsRule, SampleConfigs.RatingsRule, SampleConfigs.ReviewsRoute()));

        using var get = await host.Client.GetAsync("/api/v1/configs/dr/default/reviews");
        var resource = await RegistryTestHost.ReadJsonAsync(get);
        var all = await ListAsync(host);
        var rules = await ListAsync(host, "?kind=destinationrules&namespace=default");
        using var replace = await host.Client.PutAsync("/api/v1/configs/DestinationRule/default/ratings",
            RegistryTestHost.Yaml(SampleConfigs.RatingsRule.Replace("host: ratings", "host: ratings.default.svc.cluster.local", StringComparison.Ordinal)));
        using var replaceMismatch = await host.Client.PutAsync("/api/v1/configs/DestinationRule/default/other", RegistryTestHost.Yaml(SampleConfigs.RatingsRule));
        using var delete = await host.Client.DeleteAsync("/api/v1/configs/vs/default/reviews");
        using var getDeleted = await host.Client.GetAsync("/api/v1/configs/vs/default/reviews");
        using var deleteAgain = await host.Client.DeleteAsync("/api/v1/configs/vs/default/reviews");

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("DestinationRule", (string?)resource["kind"]);
        Assert.Equal("reviews", (string?)resource["metadata"]!["name"]);
        Assert.False(string.IsNullOrEmpty((string?)resource["metadata"]!["resourceVersion"]));
        Assert.Equal(3, all["items"]!.AsArray().Count);
        Assert.Equal(2, rules["items"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, replace.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replaceMismatch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.True((bool)(await RegistryTestHost.ReadJsonAsync(delete))["deleted"]!);
        Assert.Equal(HttpStatusCode.NotFound, getDeleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleteAgain.StatusCode);
    }

    [Fact]
    public async Task DeleteConfig_StaleResourceVersion_Returns409()
    {
        await using var host = await RegistryTestHost.StartAsync();
        await ApplyAsync(host, SampleConfigs.RatingsRule);

        using var response = await host.Client.DeleteAsync("/api/v1/configs/dr/default/ratings?resourceVersion=999999");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/configs/Widget/default/reviews")]
    [InlineData("/api/v1/configs?kind=widgets")]
    public async Task Configs_UnknownKind_Returns404(string path)
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var response = await host.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("unknown kind", (string?)(await RegistryTestHost.ReadJsonAsync(response))["error"]);
    }

    [Fact]
    public async Task GetConfig_InvalidName_Returns400()
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var response = await host.Client.GetAsync("/api/v1/configs/vs/default/" + new string('a', 300));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Validate_InvalidBody_ReportsErrorsAndStoresNothing()
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var response = await host.Client.PostAsync("/api/v1/validate", RegistryTestHost.Yaml("apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {}\n"));

        var body = await RegistryTestHost.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((bool)body["valid"]!);
        Assert.NotEmpty(body["errors"]!.AsArray());
        Assert.Empty((await ListAsync(host))["items"]!.AsArray());
    }

    internal static async Task<JsonNode> ApplyAsync(RegistryTestHost host, string yaml)
    {
        using var response = await host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(yaml));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    private static async Task<JsonNode> ListAsync(RegistryTestHost host, string query = "")
    {
        using var response = await host.Client.GetAsync("/api/v1/configs" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await RegistryTestHost.ReadJsonAsync(response);
    }

    private static string[] Actions(JsonNode applied) =>
        applied["results"]!.AsArray().Select(r => (string)r!["action"]!).ToArray();
}
