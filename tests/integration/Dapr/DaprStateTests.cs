using Dapr;
using Dapr.Client;
using Grpc.Core;
using StackExchange.Redis;
using Xunit;

namespace GatewayMesh.IntegrationTests.Dapr;

/// <summary>State through the unmodified Dapr SDK against a real sidecar and Redis, and daprd's Redis layout both ways.</summary>
public sealed class DaprStateTests : IAsyncLifetime
{
    private DaprTestMesh _mesh = null!;

    public sealed record Order(string Id, int Quantity);

    public async Task InitializeAsync() => _mesh = await DaprTestMesh.StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task SaveState_Sdk_WritesDaprdHashLayout()
    {
        await _mesh.Client.SaveStateAsync("statestore", "order-1", new Order("1", 3));

        var db = _mesh.Direct.GetDatabase();
        Assert.Equal(RedisType.Hash, await db.KeyTypeAsync("orders||order-1"));
        var fields = (await db.HashGetAllAsync("orders||order-1")).ToDictionary(f => (string)f.Name!, f => (string)f.Value!);
        Assert.Equal("1", fields["version"]);
        Assert.Equal("""{"id":"1","quantity":3}""", fields["data"]);

        await _mesh.Client.SaveStateAsync("statestore", "order-1", new Order("1", 4));
        Assert.Equal("2", (string?)await db.HashGetAsync("orders||order-1", "version"));
    }

    [Fact]
    public async Task GetState_DaprdLayoutWrittenDirectly_ReadBySdk()
    {
        var db = _mesh.Direct.GetDatabase();
        await db.HashSetAsync("orders||written-by-daprd", [new("data", """{"id":"7","quantity":9}"""), new("version", "5")]);

        var (order, etag) = await _mesh.Client.GetStateAndETagAsync<Order>("statestore", "written-by-daprd");

        Assert.Equal(new Order("7", 9), order);
        Assert.Equal("5", etag);
    }

    [Fact]
    public async Task GetState_Missing_IsDefault()
    {
        Assert.Null(await _mesh.Client.GetStateAsync<Order>("statestore", "never-saved"));
    }

    [Fact]
    public async Task TrySaveState_StaleETag_FailsAndKeepsValue()
    {
        await _mesh.Client.SaveStateAsync("statestore", "etag", new Order("e", 1));
        var (_, etag) = await _mesh.Client.GetStateAndETagAsync<Order>("statestore", "etag");

        Assert.True(await _mesh.Client.TrySaveStateAsync("statestore", "etag", new Order("e", 2), etag));
        Assert.False(await _mesh.Client.TrySaveStateAsync("statestore", "etag", new Order("e", 3), etag)); // now stale

        Assert.Equal(2, (await _mesh.Client.GetStateAsync<Order>("statestore", "etag")).Quantity);
    }

    [Fact]
    public async Task TrySaveState_MalformedETag_InvalidArgument()
    {
        await _mesh.Client.SaveStateAsync("statestore", "aborted", new Order("a", 1));
        var stale = await Assert.ThrowsAsync<DaprException>(() => _mesh.Client.TrySaveStateAsync("statestore", "aborted", new Order("a", 3), "not-a-number"));
        Assert.Equal(StatusCode.InvalidArgument, Assert.IsType<RpcException>(stale.InnerException).StatusCode);
    }

    [Fact]
    public async Task FirstWrite_SecondWriteWithoutETag_Conflicts()
    {
        var options = new StateOptions { Concurrency = ConcurrencyMode.FirstWrite };
        await _mesh.Client.SaveStateAsync("statestore", "first", new Order("f", 1), options);
        var error = await Assert.ThrowsAsync<DaprException>(() => _mesh.Client.SaveStateAsync("statestore", "first", new Order("f", 2), options));
        Assert.Equal(StatusCode.Aborted, Assert.IsType<RpcException>(error.InnerException).StatusCode);
        Assert.Equal("0", (string?)await _mesh.Direct.GetDatabase().HashGetAsync("orders||first", "first-write"));
    }

    [Fact]
    public async Task DeleteState_WithETag_RemovesKey()
    {
        await _mesh.Client.SaveStateAsync("statestore", "gone", new Order("g", 1));
        var (_, etag) = await _mesh.Client.GetStateAndETagAsync<Order>("statestore", "gone");

        Assert.False(await _mesh.Client.TryDeleteStateAsync("statestore", "gone", "999"));
        Assert.True(await _mesh.Client.TryDeleteStateAsync("statestore", "gone", etag));

        Assert.False(await _mesh.Direct.GetDatabase().KeyExistsAsync("orders||gone"));
    }

    [Fact]
    public async Task BulkState_SaveGetDelete()
    {
        await _mesh.Client.SaveBulkStateAsync("statestore", [
            new SaveStateItem<Order>("b1", new Order("b1", 1), ""),
            new SaveStateItem<Order>("b2", new Order("b2", 2), ""),
        ]);

        var items = await _mesh.Client.GetBulkStateAsync<Order>("statestore", ["b1", "b2", "b3"], parallelism: 2);
        Assert.Equal(2, items.Single(i => i.Key == "b2").Value.Quantity);
        Assert.Null(items.Single(i => i.Key == "b3").Value);

        await _mesh.Client.DeleteBulkStateAsync("statestore", [new BulkDeleteStateItem("b1", ""), new BulkDeleteStateItem("b2", "")]);
        Assert.False(await _mesh.Direct.GetDatabase().KeyExistsAsync("orders||b1"));
    }

    [Fact]
    public async Task Transaction_StaleETag_ChangesNothing()
    {
        await _mesh.Client.SaveStateAsync("statestore", "t1", new Order("t1", 1));
        await _mesh.Client.SaveStateAsync("statestore", "t2", new Order("t2", 1));
        var (_, etag) = await _mesh.Client.GetStateAndETagAsync<Order>("statestore", "t2");

        await Assert.ThrowsAsync<DaprException>(() => _mesh.Client.ExecuteStateTransactionAsync("statestore", [
            new StateTransactionRequest("t1", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Order("t1", 5)), StateOperationType.Upsert),
            new StateTransactionRequest("t2", null, StateOperationType.Delete, etag: "12345"),
        ]));
        Assert.Equal(1, (await _mesh.Client.GetStateAsync<Order>("statestore", "t1")).Quantity);

        await _mesh.Client.ExecuteStateTransactionAsync("statestore", [
            new StateTransactionRequest("t1", System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Order("t1", 5)), StateOperationType.Upsert),
            new StateTransactionRequest("t2", null, StateOperationType.Delete, etag: etag),
        ]);
        Assert.Equal(5, (await _mesh.Client.GetStateAsync<Order>("statestore", "t1")).Quantity);
        Assert.Null(await _mesh.Client.GetStateAsync<Order>("statestore", "t2"));
    }

    [Fact]
    public async Task SaveState_TtlMetadata_SetsRedisExpiry()
    {
        await _mesh.Client.SaveStateAsync("statestore", "ttl", new Order("t", 1), metadata: new Dictionary<string, string> { ["ttlInSeconds"] = "100" });
        var ttl = await _mesh.Direct.GetDatabase().KeyTimeToLiveAsync("orders||ttl");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value.TotalSeconds, 1, 100);

        await _mesh.Client.SaveStateAsync("statestore", "ttl", new Order("t", 2), metadata: new Dictionary<string, string> { ["ttlInSeconds"] = "-1" });
        Assert.Null(await _mesh.Direct.GetDatabase().KeyTimeToLiveAsync("orders||ttl"));
    }

    [Fact]
    public async Task UnknownStore_ErrorNamesIt()
    {
        var error = await Assert.ThrowsAsync<DaprException>(() => _mesh.Client.GetStateAsync<Order>("nostore", "k"));
        var rpc = Assert.IsType<RpcException>(error.InnerException);
        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Contains("state store nostore is not found", rpc.Status.Detail, StringComparison.Ordinal);

        using var http = new HttpClient { BaseAddress = _mesh.DaprHttp };
        http.DefaultRequestHeaders.Add("dapr-api-token", DaprTestMesh.ApiToken);
        var response = await http.GetAsync("/v1.0/state/nostore/k");
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("\"errorCode\":\"ERR_STATE_STORE_NOT_FOUND\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HugeKeyAndBody_Refused()
    {
        using var http = new HttpClient { BaseAddress = _mesh.DaprHttp };
        http.DefaultRequestHeaders.Add("dapr-api-token", DaprTestMesh.ApiToken);
        http.DefaultRequestHeaders.ExpectContinue = true; // the sidecar answers 413 before the body is sent
        var key = new string('k', 5000);
        var response = await http.PostAsync("/v1.0/state/statestore", new StringContent($$"""[{"key":"{{key}}","value":1}]"""));
        Assert.Equal(413, (int)response.StatusCode);

        var body = new string('x', 5 * 1024 * 1024);
        response = await http.PostAsync("/v1.0/state/statestore", new StringContent($$"""[{"key":"big","value":"{{body}}"}]"""));
        Assert.Equal(413, (int)response.StatusCode);

        var error = await Assert.ThrowsAsync<DaprException>(() => _mesh.Client.SaveStateAsync("statestore", key, 1));
        Assert.Equal(StatusCode.ResourceExhausted, Assert.IsType<RpcException>(error.InnerException).StatusCode);
    }

    [Fact]
    public async Task HttpApi_SaveAndGet_RawJsonWithETagHeader()
    {
        using var http = new HttpClient { BaseAddress = _mesh.DaprHttp };
        http.DefaultRequestHeaders.Add("dapr-api-token", DaprTestMesh.ApiToken);
        var saved = await http.PostAsync("/v1.0/state/statestore", new StringContent("""[{"key":"h1","value":{"a":1}}]"""));
        Assert.Equal(204, (int)saved.StatusCode);

        var read = await http.GetAsync("/v1.0/state/statestore/h1");
        Assert.Equal("""{"a":1}""", await read.Content.ReadAsStringAsync());
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag ?? "\"" + read.Headers.GetValues("ETag").Single() + "\"");

        var conflict = await http.PostAsync("/v1.0/state/statestore", new StringContent("""[{"key":"h1","value":2,"etag":"7"}]"""));
        Assert.Equal(409, (int)conflict.StatusCode);
        var malformed = await http.PostAsync("/v1.0/state/statestore", new StringContent("""[{"key":"h1","value":2,"etag":"x"}]"""));
        Assert.Equal(400, (int)malformed.StatusCode);
        Assert.Equal(204, (int)(await http.GetAsync("/v1.0/state/statestore/absent")).StatusCode);
    }
}
