using System.Collections.Concurrent;
using System.Text.Json;
using Dapr;
using Dapr.Client;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace GatewayMesh.IntegrationTests.Dapr;

/// <summary>
/// A real redis-server (keyspace events on), an app written on the unmodified Dapr SDK (Dapr.AspNetCore: CloudEvents
/// middleware, <c>MapSubscribeHandler</c>, <c>[Topic]</c>-style handlers), and a sidecar in front of it serving the Dapr
/// API with components from a resources folder whose Redis credentials come from the sidecar's secrets folder.
/// </summary>
public sealed class DaprTestMesh : IAsyncDisposable
{
    public const string AppId = "orders";
    public const string ApiToken = "test-dapr-api-token-0123456789";
    private readonly string _directory;

    private DaprTestMesh(string directory, RedisServer redis, ConnectionMultiplexer direct)
    {
        _directory = directory;
        Redis = redis;
        Direct = direct;
    }

    public RedisServer Redis { get; }

    /// <summary>A plain Redis connection, to check (and write) daprd's layout directly.</summary>
    public ConnectionMultiplexer Direct { get; }

    public SidecarTestHost Sidecar { get; private set; } = null!;

    public SubscriberApp App { get; private set; } = null!;

    public DaprClient Client { get; private set; } = null!;

    public Uri DaprHttp { get; private set; } = null!;

    public Uri DaprGrpc { get; private set; } = null!;

    public static async Task<DaprTestMesh> StartAsync(string pubsubExtra = "")
    {
        var directory = Directory.CreateTempSubdirectory("gatewaymesh-dapr-").FullName;
        var redis = await RedisServer.StartAsync();
        var direct = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString + ",allowAdmin=true");
        await direct.GetServer(redis.ConnectionString).ConfigSetAsync("notify-keyspace-events", "KA");
        var mesh = new DaprTestMesh(directory, redis, direct);
        try
        {
            mesh.WriteResources(pubsubExtra);
            mesh.App = await SubscriberApp.StartAsync();
            await mesh.StartSidecarAsync();
            return mesh;
        }
        catch
        {
            await mesh.DisposeAsync();
            throw;
        }
    }

    public string ResourcesDir => Path.Combine(_directory, "resources");

    private void WriteResources(string pubsubExtra)
    {
        Directory.CreateDirectory(ResourcesDir);
        var secrets = Path.Combine(_directory, "secrets", "redis");
        Directory.CreateDirectory(secrets);
        File.WriteAllText(Path.Combine(secrets, "host"), Redis.ConnectionString);
        File.WriteAllText(Path.Combine(_directory, "token"), ApiToken);
        const string host = """
                - name: redisHost
                  secretKeyRef: {name: redis, key: host}
            """;
        File.WriteAllText(Path.Combine(ResourcesDir, "components.yaml"), $$"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: {name: statestore}
            spec:
              type: state.redis
              version: v1
              metadata:
            {{host}}
            ---
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: {name: pubsub}
            spec:
              type: pubsub.redis
              version: v1
              metadata:
            {{host}}
                - name: processingTimeout
                  value: 1s
                - name: redeliverInterval
                  value: 200ms
                - name: maxLenApprox
                  value: 1000
            {{pubsubExtra}}
            ---
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: {name: configstore}
            spec:
              type: configuration.redis
              version: v1
              metadata:
            {{host}}
            ---
            apiVersion: dapr.io/v2alpha1
            kind: Subscription
            metadata: {name: shipments}
            spec:
              pubsubname: pubsub
              topic: shipments
              routes:
                rules:
                  - match: event.data.priority == "high"
                    path: /shipments/urgent
                default: /shipments
            scopes: [{{AppId}}]
            """);
    }

    public async Task StartSidecarAsync()
    {
        Sidecar = await SidecarTestHost.StartAsync(Redis.ConnectionString, RedisServerFixture.NewKeyPrefix(), AppId, App.Port, null, null,
            "--dapr-http-port", "0", "--dapr-grpc-port", "0",
            "--dapr-resources-path", ResourcesDir, "--dapr-secrets-dir", Path.Combine(_directory, "secrets"),
            "--dapr-api-token-file", Path.Combine(_directory, "token"));
        var listeners = Sidecar.App.Services.GetRequiredService<GatewayMesh.Sidecar.Dapr.Hosting.DaprListeners>();
        DaprHttp = listeners.HttpUri!;
        DaprGrpc = listeners.GrpcUri!;
        Client?.Dispose();
        Client = new DaprClientBuilder().UseHttpEndpoint(DaprHttp.ToString()).UseGrpcEndpoint(DaprGrpc.ToString()).UseDaprApiToken(ApiToken).Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Client.WaitForSidecarAsync(timeout.Token);
    }

    public DaprClient ClientWithToken(string? token) =>
        new DaprClientBuilder().UseHttpEndpoint(DaprHttp.ToString()).UseGrpcEndpoint(DaprGrpc.ToString()).UseDaprApiToken(token).Build();

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        try
        {
            if (Sidecar is not null)
            {
                await Sidecar.DisposeAsync();
            }

            if (App is not null)
            {
                await App.DisposeAsync();
            }
        }
        finally
        {
            // Redis always goes, even when stopping the sidecar or the app failed: no test leaves a server behind.
            await Direct.DisposeAsync();
            await Redis.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

/// <summary>An app on Dapr.AspNetCore that records the events it receives and answers as each test tells it to.</summary>
public sealed class SubscriberApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SubscriberApp(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public ConcurrentQueue<(string Path, JsonElement Body)> Received { get; } = new();

    /// <summary>What the orders handler answers: null for 200 with no body, else a status document or a status code.</summary>
    public Func<JsonElement, IResult> OrdersAnswer { get; set; } = _ => Results.Ok();

    public event Action<string, JsonElement>? EventReceived;

    public static async Task<SubscriberApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDaprClient();
        var app = builder.Build();
        SubscriberApp? self = null;
        app.UseCloudEvents();
        app.MapSubscribeHandler();
        app.MapPost("/orders", (JsonElement body) => self!.Record("/orders", body, self.OrdersAnswer)).WithTopic("pubsub", "orders");
        app.MapPost("/failing", (JsonElement body) => self!.Record("/failing", body, _ => Results.StatusCode(500)))
            .WithTopic(new TopicOptions { PubsubName = "pubsub", Name = "failing", DeadLetterTopic = "failing-dead" });
        app.MapPost("/failing-dead", (JsonElement body) => self!.Record("/failing-dead", body, _ => Results.Ok())).WithTopic("pubsub", "failing-dead");
        app.MapPost("/shipments", (JsonElement body) => self!.Record("/shipments", body, _ => Results.Ok()));
        app.MapPost("/shipments/urgent", (JsonElement body) => self!.Record("/shipments/urgent", body, _ => Results.Ok()));
        app.MapPost("/configuration/{store}/{key}", (string store, string key, JsonElement body) => self!.Record($"/configuration/{store}/{key}", body, _ => Results.Ok()));
        await app.StartAsync();
        var address = app.Urls.Select(u => new Uri(u)).First();
        self = new SubscriberApp(app, address.Port);
        return self;
    }

    private IResult Record(string path, JsonElement body, Func<JsonElement, IResult> answer)
    {
        var copy = body.Clone();
        Received.Enqueue((path, copy));
        EventReceived?.Invoke(path, copy);
        return answer(copy);
    }

    /// <summary>Waits for the first event on <paramref name="path"/> that satisfies <paramref name="predicate"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string path, Func<JsonElement, bool> predicate, TimeSpan? timeout = null)
    {
        var found = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnEvent(string p, JsonElement body)
        {
            if (p == path && predicate(body))
            {
                found.TrySetResult(body);
            }
        }

        EventReceived += OnEvent;
        try
        {
            foreach (var (p, body) in Received)
            {
                OnEvent(p, body);
            }

            return await found.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        finally
        {
            EventReceived -= OnEvent;
        }
    }

    public int Count(string path, Func<JsonElement, bool> predicate) => Received.Count(r => r.Path == path && predicate(r.Body));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
