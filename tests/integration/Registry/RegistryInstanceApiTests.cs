using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

public sealed class RegistryInstanceApiTests
{
    internal static string Registration(string id, int? leaseSeconds = null)
    {
        var body = new JsonObject
        {
            ["instance"] = new JsonObject
            {
                ["service"] = "reviews",
                ["namespace"] = "default",
                ["instanceId"] = id,
                ["address"] = "127.0.0.1",
                ["port"] = 9080,
                ["labels"] = new JsonObject { ["app"] = "reviews", ["version"] = "v1" },
            },
        };
        if (leaseSeconds is not null)
        {
            body["leaseSeconds"] = leaseSeconds;
        }

        return body.ToJsonString();
    }

    [Fact]
    public async Task Instances_RegisterHeartbeatListDeregister_RoundTrip()
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var register = await host.Client.PostAsync("/api/v1/instances", RegistryTestHost.Json(Registration("reviews-1", 30)));
        var lease = await RegistryTestHost.ReadJsonAsync(register);
        using var heartbeat = await host.Client.PutAsync("/api/v1/instances/default/reviews/reviews-1/heartbeat", null);
        var list = await ListAsync(host, "?service=reviews&namespace=default");
        var otherService = await ListAsync(host, "?service=ratings");
        using var deregister = await host.Client.DeleteAsync("/api/v1/instances/default/reviews/reviews-1");
        using var heartbeatGone = await host.Client.PutAsync("/api/v1/instances/default/reviews/reviews-1/heartbeat", null);
        using var deregisterAgain = await host.Client.DeleteAsync("/api/v1/instances/default/reviews/reviews-1");
        var empty = await ListAsync(host);

        Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        Assert.Equal("reviews-1", (string?)lease["instance"]!["instanceId"]);
        Assert.NotNull(lease["expiresAt"]);
        Assert.True((long)lease["revision"]! > 0);
        Assert.Equal(HttpStatusCode.OK, heartbeat.StatusCode);
        Assert.Equal("127.0.0.1", (string?)Assert.Single(list["items"]!.AsArray())!["instance"]!["address"]);
        Assert.Empty(otherService["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, deregister.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, heartbeatGone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deregisterAgain.StatusCode);
        Assert.Empty(empty["items"]!.AsArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(301)]
    public async Task RegisterInstance_LeaseOutOfRange_Returns400(int leaseSeconds)
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var response = await host.Client.PostAsync("/api/v1/instances", RegistryTestHost.Json(Registration("reviews-1", leaseSeconds)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("leaseSeconds", (await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task RegisterInstance_MissingFields_Returns400NamingEachField()
    {
        await using var host = await RegistryTestHost.StartAsync();

        using var response = await host.Client.PostAsync("/api/v1/instances", RegistryTestHost.Json("""{"instance": {"service": "Bad Name"}}"""));

        var details = (await RegistryTestHost.ReadJsonAsync(response))["details"]!.AsArray().Select(d => (string)d!).ToList();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(details, d => d.StartsWith("instance.service", StringComparison.Ordinal));
        Assert.Contains(details, d => d.StartsWith("instance.instanceId", StringComparison.Ordinal));
        Assert.Contains(details, d => d.StartsWith("instance.address", StringComparison.Ordinal));
        Assert.Contains(details, d => d.StartsWith("instance.port", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LeaseSweeper_LeaseExpires_InstanceIsRemoved()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2030-01-01T00:00:00Z"));
        await using var host = await RegistryTestHost.StartAsync(time);
        var expired = host.Logs.WaitForAsync(line => line.Contains("Expired 1 instance leases", StringComparison.Ordinal));
        using var register = await host.Client.PostAsync("/api/v1/instances", RegistryTestHost.Json(Registration("reviews-1", 5)));
        Assert.Equal(HttpStatusCode.OK, register.StatusCode);

        time.Advance(TimeSpan.FromSeconds(4));
        var beforeExpiry = await ListAsync(host);
        time.Advance(TimeSpan.FromSeconds(2));
        await expired.WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
        var afterExpiry = await ListAsync(host);

        Assert.Single(beforeExpiry["items"]!.AsArray());
        Assert.Empty(afterExpiry["items"]!.AsArray());
    }

    private static async Task<JsonNode> ListAsync(RegistryTestHost host, string query = "")
    {
        using var response = await host.Client.GetAsync("/api/v1/instances" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await RegistryTestHost.ReadJsonAsync(response);
    }
}
