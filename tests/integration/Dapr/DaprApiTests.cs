using System.Text.Json;
using Dapr;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace GatewayMesh.IntegrationTests.Dapr;

/// <summary>Health, metadata, the API token, configuration and unimplemented calls, through the unmodified SDK.</summary>
public sealed class DaprApiTests : IAsyncLifetime
{
    private DaprTestMesh _mesh = null!;

    public async Task InitializeAsync() => _mesh = await DaprTestMesh.StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    [Fact]
    public async Task GetMetadata_ListsAppComponentsAndSubscriptions()
    {
        await _mesh.Client.SetMetadataAsync("team", "bookinfo");
        var metadata = await _mesh.Client.GetMetadataAsync();

        Assert.Equal(DaprTestMesh.AppId, metadata.Id);
        Assert.Contains(metadata.Components, c => c.Name == "statestore" && c.Type == "state.redis");
        Assert.Contains(metadata.Components, c => c.Name == "pubsub" && c.Type == "pubsub.redis");
        Assert.Contains(metadata.Components, c => c.Name == "configstore" && c.Type == "configuration.redis");
        Assert.Equal("bookinfo", metadata.Extended["team"]);
    }

    [Fact]
    public async Task ApiToken_WrongOrMissing_Refused401AndUnauthenticated()
    {
        using var wrong = _mesh.ClientWithToken("wrong-token");
        var error = await Assert.ThrowsAsync<DaprException>(() => wrong.GetStateAsync<string>("statestore", "k"));
        Assert.Equal(StatusCode.Unauthenticated, Assert.IsType<RpcException>(error.InnerException).StatusCode);

        using var http = new HttpClient { BaseAddress = _mesh.DaprHttp };
        Assert.Equal(401, (int)(await http.GetAsync("/v1.0/metadata")).StatusCode);
        Assert.Equal(204, (int)(await http.GetAsync("/v1.0/healthz")).StatusCode); // health stays open for WaitForSidecarAsync
        http.DefaultRequestHeaders.Add("dapr-api-token", DaprTestMesh.ApiToken);
        Assert.Equal(200, (int)(await http.GetAsync("/v1.0/metadata")).StatusCode);
    }

    [Fact]
    public async Task Configuration_GetAndSubscribe_ReadsValueVersionLayout()
    {
        var db = _mesh.Direct.GetDatabase();
        await db.StringSetAsync("feature-x", "on||1");

        var items = await _mesh.Client.GetConfiguration("configstore", ["feature-x"]);
        Assert.Equal("on", items.Items["feature-x"].Value);
        Assert.Equal("1", items.Items["feature-x"].Version);

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var runtime = _mesh.Sidecar.App.Services.GetRequiredService<GatewayMesh.Sidecar.Dapr.DaprRuntime>();
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        runtime.ConfigurationStore("configstore").Subscribed += _ => subscribed.TrySetResult();
        var subscription = await _mesh.Client.SubscribeConfiguration("configstore", ["feature-x"], cancellationToken: cancel.Token);
        var changed = Task.Run(async () =>
        {
            await foreach (var update in subscription.Source.WithCancellation(cancel.Token))
            {
                if (update.TryGetValue("feature-x", out var item) && item.Value == "off")
                {
                    var unsubscribed = await _mesh.Client.UnsubscribeConfiguration("configstore", subscription.Id);
                    Assert.True(unsubscribed.Ok);
                    return item.Version;
                }
            }

            return null;
        });
        await subscribed.Task.WaitAsync(cancel.Token); // the keyspace channel is subscribed in the sidecar
        await db.StringSetAsync("feature-x", "off||2");

        Assert.Equal("2", await changed.WaitAsync(cancel.Token));
        Assert.False((await _mesh.Client.UnsubscribeConfiguration("configstore", subscription.Id)).Ok); // already gone
    }

    [Fact]
    public async Task UnimplementedGrpcCall_NamesTheCall()
    {
        using var channel = GrpcChannel.ForAddress(_mesh.DaprGrpc);
        var client = new global::Dapr.Client.Autogen.Grpc.v1.Dapr.DaprClient(channel);
        var headers = new Metadata { { "dapr-api-token", DaprTestMesh.ApiToken } };
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await client.TryLockAlpha1Async(new global::Dapr.Client.Autogen.Grpc.v1.TryLockRequest { StoreName = "x" }, headers));
        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
        Assert.Contains("TryLockAlpha1", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpMetadata_DaprdShape()
    {
        using var http = new HttpClient { BaseAddress = _mesh.DaprHttp };
        http.DefaultRequestHeaders.Add("dapr-api-token", DaprTestMesh.ApiToken);
        using var document = JsonDocument.Parse(await http.GetStringAsync("/v1.0/metadata"));
        Assert.Equal(DaprTestMesh.AppId, document.RootElement.GetProperty("id").GetString());
        Assert.True(document.RootElement.GetProperty("components").GetArrayLength() >= 3);
    }
}
