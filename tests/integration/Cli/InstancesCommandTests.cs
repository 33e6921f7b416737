using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Cli;

public sealed class InstancesCommandTests : IAsyncLifetime
{
    private const string Leases = """
        {"revision": 40, "items": [
          {"instance": {"service": "reviews", "namespace": "default", "instanceId": "reviews-v2-1", "address": "127.0.0.1", "port": 9082,
                        "labels": {"app": "reviews", "version": "v2"}, "serviceAccount": "bookinfo-reviews", "health": "Healthy"},
           "expiresAt": "2025-01-01T12:00:08Z", "revision": 39},
          {"instance": {"service": "reviews", "namespace": "default", "instanceId": "reviews-v1-1", "address": "127.0.0.1", "port": 9081,
                        "labels": {"app": "reviews", "version": "v1"}, "serviceAccount": "bookinfo-reviews", "health": "Draining"},
           "expiresAt": "2025-01-01T11:59:59Z", "revision": 38}]}
        """;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private FakeRegistry _registry = null!;

    public async Task InitializeAsync() => _registry = await FakeRegistry.StartAsync();

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    [Fact]
    public async Task Instances_Service_PrintsTableWithLeaseSecondsLeft()
    {
        _registry.Respond("GET /api/v1/instances?service=reviews&namespace=default", 200, Leases);

        var result = await new CliHarness { Time = _time }.RunAsync(_registry, "instances", "reviews");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "SERVICE   NAMESPACE   INSTANCE       ADDRESS     PORT   VERSION   HEALTH     LEASE\n" +
            "reviews   default     reviews-v1-1   127.0.0.1   9081   v1        DRAINING   expired\n" +
            "reviews   default     reviews-v2-1   127.0.0.1   9082   v2        HEALTHY    8s\n",
            result.Out);
    }

    [Fact]
    public async Task Instances_AllNamespaces_SendsNoFilters()
    {
        _registry.Respond("GET /api/v1/instances", 200, """{"revision": 1, "items": []}""");

        var result = await new CliHarness { Time = _time }.RunAsync(_registry, "instances", "-A");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", _registry.Single().Query);
        Assert.Equal("No instances registered.\n", result.Error);
    }

    [Fact]
    public async Task Instances_JsonOutput_PrintsItems()
    {
        _registry.Respond("GET /api/v1/instances", 200, Leases);

        var result = await new CliHarness { Time = _time }.RunAsync(_registry, "instances", "-o", "json");

        using var output = JsonDocument.Parse(result.Out);
        Assert.Equal(40, output.RootElement.GetProperty("revision").GetInt64());
        Assert.Equal(2, output.RootElement.GetProperty("items").GetArrayLength());
    }
}
