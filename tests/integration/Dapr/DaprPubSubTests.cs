using System.Text.Json;
using Dapr;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Xunit;

namespace GatewayMesh.IntegrationTests.Dapr;

/// <summary>Pub/sub through the unmodified SDK: Redis Streams layout, delivery to <c>[Topic]</c> handlers, RETRY/DROP, dead letters, redelivery.</summary>
public sealed class DaprPubSubTests : IAsyncLifetime
{
    private DaprTestMesh _mesh = null!;

    public sealed record Order(string Id, int Quantity);

    public async Task InitializeAsync() => _mesh = await DaprTestMesh.StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    private static Func<JsonElement, bool> OrderId(string id) =>
        body => body.ValueKind == JsonValueKind.Object && body.TryGetProperty("id", out var v) && v.GetString() == id;

    [Fact]
    public async Task PublishEvent_Sdk_DeliveredToTopicHandlerAndStoredAsStreamEntry()
    {
        await WaitForSubscriptionAsync("orders");
        await _mesh.Client.PublishEventAsync("pubsub", "orders", new Order("p1", 2));

        var delivered = await _mesh.App.WaitForAsync("/orders", OrderId("p1"));
        Assert.Equal(2, delivered.GetProperty("quantity").GetInt32());

        var db = _mesh.Direct.GetDatabase();
        var entries = await db.StreamRangeAsync("orders");
        var entry = Assert.Single(entries, e => ((string)e["data"]!).Contains("\"p1\"", StringComparison.Ordinal));
        using var envelope = JsonDocument.Parse((string)entry["data"]!);
        var root = envelope.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal("com.dapr.event.sent", root.GetProperty("type").GetString());
        Assert.Equal(DaprTestMesh.AppId, root.GetProperty("source").GetString());
        Assert.Equal("orders", root.GetProperty("topic").GetString());
        Assert.Equal("pubsub", root.GetProperty("pubsubname").GetString());
        Assert.Equal("application/json", root.GetProperty("datacontenttype").GetString());
        Assert.Equal("p1", root.GetProperty("data").GetProperty("id").GetString());

        var group = Assert.Single(await db.StreamGroupInfoAsync("orders"));
        Assert.Equal(DaprTestMesh.AppId, group.Name);
    }

    [Fact]
    public async Task StreamEntryWrittenLikeDaprd_DeliveredToSdkHandler()
    {
        await WaitForSubscriptionAsync("orders");
        var envelope = """{"specversion":"1.0","id":"x1","source":"daprd-app","type":"com.dapr.event.sent","datacontenttype":"application/json","data":{"id":"d1","quantity":8},"topic":"orders","pubsubname":"pubsub"}""";
        await _mesh.Direct.GetDatabase().StreamAddAsync("orders", "data", envelope);

        var delivered = await _mesh.App.WaitForAsync("/orders", OrderId("d1"));
        Assert.Equal(8, delivered.GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task AppAnswersRetry_RedeliveredAfterProcessingTimeout()
    {
        await WaitForSubscriptionAsync("orders");
        var attempts = 0;
        _mesh.App.OrdersAnswer = body => OrderId("r1")(body) && Interlocked.Increment(ref attempts) == 1
            ? Microsoft.AspNetCore.Http.Results.Json(new { status = "RETRY" })
            : Microsoft.AspNetCore.Http.Results.Json(new { status = "SUCCESS" });

        await _mesh.Client.PublishEventAsync("pubsub", "orders", new Order("r1", 1));

        await _mesh.App.WaitForAsync("/orders", b => OrderId("r1")(b) && _mesh.App.Count("/orders", OrderId("r1")) >= 2);
        Assert.Equal(2, _mesh.App.Count("/orders", OrderId("r1")));
    }

    [Fact]
    public async Task AppAnswersDrop_NotRedelivered()
    {
        await WaitForSubscriptionAsync("orders");
        _mesh.App.OrdersAnswer = body => OrderId("drop")(body)
            ? Microsoft.AspNetCore.Http.Results.Json(new { status = "DROP" })
            : Microsoft.AspNetCore.Http.Results.Ok();
        await _mesh.Client.PublishEventAsync("pubsub", "orders", new Order("drop", 1));
        await _mesh.App.WaitForAsync("/orders", OrderId("drop"));

        // A later message is read only after the drop's batch (answer and XACK) is done, so once it arrives the dropped
        // message is no longer pending (the later one may still be, until its own XACK).
        await _mesh.Client.PublishEventAsync("pubsub", "orders", new Order("after-drop", 1));
        await _mesh.App.WaitForAsync("/orders", OrderId("after-drop"));
        var db = _mesh.Direct.GetDatabase();
        var dropped = (await db.StreamRangeAsync("orders")).Single(e => ((string)e["data"]!).Contains("\"drop\"", StringComparison.Ordinal)).Id;
        var pending = await db.StreamPendingMessagesAsync("orders", DaprTestMesh.AppId, 100, RedisValue.Null);
        Assert.DoesNotContain(pending, p => p.MessageId == dropped);
        Assert.Equal(1, _mesh.App.Count("/orders", OrderId("drop")));
    }

    [Fact]
    public async Task SubscriberAlwaysFails_MovedToDeadLetterTopic()
    {
        await WaitForSubscriptionAsync("failing");
        await _mesh.Client.PublishEventAsync("pubsub", "failing", new Order("dl", 1));

        await _mesh.App.WaitForAsync("/failing-dead", OrderId("dl"));
        Assert.True(_mesh.App.Count("/failing", OrderId("dl")) >= 3);
        var pending = await _mesh.Direct.GetDatabase().StreamPendingAsync("failing", DaprTestMesh.AppId);
        Assert.Equal(0, pending.PendingMessageCount);
    }

    [Fact]
    public async Task SubscriberRestarts_PendingMessageRedelivered()
    {
        await WaitForSubscriptionAsync("orders");
        await _mesh.Sidecar.StopAsync();
        await _mesh.Client.PublishEventAsync("pubsub", "orders", new Order("while-down", 1)).ContinueWith(_ => { }); // sidecar down: publish fails
        await _mesh.Direct.GetDatabase().StreamAddAsync("orders", "data",
            """{"specversion":"1.0","id":"wd","source":"other","type":"t","datacontenttype":"application/json","data":{"id":"while-down","quantity":1}}""");
        await _mesh.StartSidecarAsync();

        await _mesh.App.WaitForAsync("/orders", OrderId("while-down"));
    }

    [Fact]
    public async Task DeclarativeSubscription_CelRuleRoutes()
    {
        await WaitForSubscriptionAsync("shipments");
        await _mesh.Client.PublishEventAsync("pubsub", "shipments", new { id = "s1", priority = "high" });
        await _mesh.Client.PublishEventAsync("pubsub", "shipments", new { id = "s2", priority = "low" });

        await _mesh.App.WaitForAsync("/shipments/urgent", OrderId("s1"));
        await _mesh.App.WaitForAsync("/shipments", OrderId("s2"));
        Assert.Equal(0, _mesh.App.Count("/shipments", OrderId("s1")));
    }

    [Fact]
    public async Task MalformedCloudEvent_Refused400()
    {
        using var http = new HttpClient { BaseAddress = _mesh.DaprHttp };
        http.DefaultRequestHeaders.Add("dapr-api-token", DaprTestMesh.ApiToken);
        var response = await http.PostAsync("/v1.0/publish/pubsub/orders",
            new StringContent("{not json", System.Text.Encoding.UTF8, "application/cloudevents+json"));
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("ERR_PUBSUB_CLOUD_EVENTS_SER", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RawPayload_StoredWithoutEnvelope()
    {
        await _mesh.Client.PublishEventAsync("pubsub", "raw-topic", new Order("raw", 1), new Dictionary<string, string> { ["rawPayload"] = "true" });
        var entry = Assert.Single(await _mesh.Direct.GetDatabase().StreamRangeAsync("raw-topic"));
        Assert.Equal("""{"id":"raw","quantity":1}""", (string)entry["data"]!);
        Assert.Contains("rawPayload", (string)entry["metadata"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPubSub_ErrorCode()
    {
        var error = await Assert.ThrowsAsync<DaprException>(() => _mesh.Client.PublishEventAsync("nopubsub", "orders", new Order("x", 1)));
        Assert.Equal(StatusCode.InvalidArgument, Assert.IsType<RpcException>(error.InnerException).StatusCode);
        using var http = new HttpClient { BaseAddress = _mesh.DaprHttp };
        http.DefaultRequestHeaders.Add("dapr-api-token", DaprTestMesh.ApiToken);
        var response = await http.PostAsync("/v1.0/publish/nopubsub/orders", new StringContent("{}"));
        Assert.Contains("ERR_PUBSUB_NOT_FOUND", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Waits until the sidecar has read the app's subscriptions and created the consumer groups, then checks the metadata API lists the topic.</summary>
    private async Task WaitForSubscriptionAsync(string topic)
    {
        var manager = _mesh.Sidecar.App.Services.GetRequiredService<GatewayMesh.Sidecar.Dapr.Subscriptions.SubscriptionManager>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await manager.WhenSubscribedAsync(timeout.Token);
        using var http = new HttpClient { BaseAddress = _mesh.DaprHttp };
        http.DefaultRequestHeaders.Add("dapr-api-token", DaprTestMesh.ApiToken);
        using var metadata = JsonDocument.Parse(await http.GetStringAsync("/v1.0/metadata"));
        Assert.Contains(metadata.RootElement.GetProperty("subscriptions").EnumerateArray(), s => s.GetProperty("topic").GetString() == topic);
    }
}
