using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapr.Client;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Mtls;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Telemetry.Metrics;
using GatewayMesh.Sidecar.Dapr.Hosting;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;
using Autogen = global::Dapr.Client.Autogen.Grpc.v1;

// The issue names DaprClient.InvokeMethodAsync; SDK 1.19 marks it obsolete in favour of CreateInvokeHttpClient (tested here too).
#pragma warning disable CS0618

namespace GatewayMesh.IntegrationTests.Dapr;

/// <summary>
/// Dapr service invocation through the mesh with the unmodified Dapr SDK: a registry, a STRICT-mTLS <c>reviews</c>
/// sidecar (two versions where routing matters) and a <c>productpage</c> sidecar serving the Dapr API. Every call
/// goes out through productpage's outbound pipeline, so the callee sees the caller's verified identity (XFCC from the
/// mTLS handshake), VirtualServices steer it and the callee's AuthorizationPolicy can refuse it.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class DaprInvocationTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const string ApiToken = "invoke-test-token-0123456789";
    private const string AppApiToken = "reviews-app-token-9876543210";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly SpiffeId Reviews = new("cluster.local", "default", "reviews");
    private static readonly SpiffeId Productpage = new("cluster.local", "default", "productpage");
    private readonly TestCertificateAuthority _ca = TestCertificateAuthority.Create();
    private readonly List<IAsyncDisposable> _running = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("gatewaymesh-dapr-invoke-").FullName;
    private RegistryTestHost _registry = null!;
    private string _prefix = "";

    public async Task InitializeAsync()
    {
        _prefix = RedisServerFixture.NewKeyPrefix();
        _registry = await RegistryTestHost.StartAsync(storeArgs: ["--redis", redis.ConnectionString, "--key-prefix", _prefix]);
        File.WriteAllText(Path.Combine(_directory, "token"), ApiToken);
        File.WriteAllText(Path.Combine(_directory, "app-token"), AppApiToken);
    }

    public async Task DisposeAsync()
    {
        for (var i = _running.Count - 1; i >= 0; i--)
        {
            await _running[i].DisposeAsync();
        }

        await _registry.DisposeAsync();
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task InvokeMethodAsync_Http_ReachesTheCalleeOverMutualTlsWithTheCallersIdentity()
    {
        var (caller, client) = await StartPairAsync();

        var echo = await client.InvokeMethodAsync<Order, Echo>(HttpMethod.Post, "reviews", "reviews/0", new Order("o-1", 3));

        Assert.Equal("reviews-v1", echo.Instance);
        Assert.Equal("POST", echo.Method);
        Assert.Equal("/reviews/0", echo.Path);
        Assert.Equal(new Order("o-1", 3), JsonSerializer.Deserialize<Order>(echo.Body, JsonSerializerOptions.Web));
        Assert.Matches($"^By={Reviews};Hash=[0-9a-f]{{64}};URI={Productpage}$", echo.Headers["x-forwarded-client-cert"]);
        Assert.Equal("productpage", echo.Headers["dapr-caller-app-id"]);
        Assert.Equal("reviews", echo.Headers["dapr-callee-app-id"]);
        // The caller's Dapr API token never leaves its sidecar; the callee's sidecar presents the callee's APP_API_TOKEN.
        Assert.Equal(AppApiToken, echo.Headers["dapr-api-token"]);
    }

    [Fact]
    public async Task InvokeMethodAsync_Http_CountedInIstioMetricsOnBothSides_PeerMetadataNeverReachesTheApp()
    {
        var (caller, client) = await StartPairAsync();
        var callee = _running.OfType<MeshSidecar>().First(s => s != caller);

        var echo = await client.InvokeMethodAsync<Order, Echo>(HttpMethod.Post, "reviews", "reviews/0", new Order("o-2", 1));

        Assert.False(echo.Headers.ContainsKey("x-envoy-peer-metadata"));
        Assert.False(echo.Headers.ContainsKey("x-envoy-peer-metadata-id"));
        // The record step runs once the answer is sent: wait for both sides to have counted the one call.
        await Observability.MeshObservabilityTests.Eventually(() => Task.FromResult(
            Edges(caller, Reporter.Source).Sum(e => e.Value.Requests) == 1 && Edges(callee, Reporter.Destination).Sum(e => e.Value.Requests) == 1
                ? null
                : "the call is not counted on both sides yet"));
        var sent = Assert.Single(Edges(caller, Reporter.Source)).Key;
        Assert.Equal(("productpage", "reviews-v1", "reviews.default.svc.cluster.local", 200), (sent.Source.App, sent.Destination.Name, sent.Service.Host, sent.ResponseCode));
        var received = Assert.Single(Edges(callee, Reporter.Destination)).Key;
        Assert.Equal(("productpage", "reviews-v1", ConnectionSecurity.MutualTls, 200), (received.Source.App, received.Destination.Name, received.Security, received.ResponseCode));
        Assert.Equal(Productpage.ToString(), received.SourcePrincipal);
    }

    private static List<KeyValuePair<EdgeKey, EdgeStats>> Edges(MeshSidecar sidecar, Reporter reporter) =>
        [.. sidecar.App.Services.GetRequiredService<IstioMetricsRecorder>().Edges.Where(e => e.Key.Reporter == reporter)];

    [Fact]
    public async Task CreateInvokeHttpClient_AndTheAppIdHeader_InvokeTheCallee()
    {
        var (caller, _) = await StartPairAsync();
        var dapr = caller.App.Services.GetRequiredService<DaprListeners>().HttpUri!;
        using var invoke = DaprClient.CreateInvokeHttpClient("reviews", dapr.ToString(), ApiToken);
        using var raw = new HttpClient { BaseAddress = dapr };

        var viaClient = await invoke.GetFromJsonAsync<Echo>("/reviews/1?stars=true", JsonSerializerOptions.Web);
        using var byHeader = new HttpRequestMessage(HttpMethod.Get, "/reviews/2?x=%2F");
        byHeader.Headers.Add("dapr-app-id", "reviews.default");
        byHeader.Headers.Add("dapr-api-token", ApiToken);
        using var headerResponse = await raw.SendAsync(byHeader);
        var viaHeader = await headerResponse.Content.ReadFromJsonAsync<Echo>(JsonSerializerOptions.Web);

        Assert.Equal(("GET", "/reviews/1", "?stars=true"), (viaClient!.Method, viaClient.Path, viaClient.Query));
        Assert.Equal(HttpStatusCode.OK, headerResponse.StatusCode);
        Assert.Equal(("/reviews/2", "?x=%2F", "reviews.default"), (viaHeader!.Path, viaHeader.Query, viaHeader.Headers["dapr-callee-app-id"]));
        Assert.False(viaHeader.Headers.ContainsKey("dapr-app-id"));
    }

    [Fact]
    public async Task InvokeService_Grpc_CallsTheHttpCalleeAndAnswersItsBody()
    {
        var (caller, _) = await StartPairAsync();
        using var channel = GrpcChannel.ForAddress(caller.App.Services.GetRequiredService<DaprListeners>().GrpcUri!);
        var grpc = new Autogen.Dapr.DaprClient(channel);

        var response = await grpc.InvokeServiceAsync(new Autogen.InvokeServiceRequest
        {
            Id = "reviews",
            Message = new Autogen.InvokeRequest
            {
                Method = "reviews/3",
                ContentType = "text/plain",
                Data = new Google.Protobuf.WellKnownTypes.Any { Value = ByteString.CopyFromUtf8("five stars") },
                HttpExtension = new Autogen.HTTPExtension { Verb = Autogen.HTTPExtension.Types.Verb.Put, Querystring = "a=1" },
            },
        }, new Metadata { { "dapr-api-token", ApiToken }, { "x-custom", "kept" } });

        var echo = JsonSerializer.Deserialize<Echo>(response.Data.Value.Span, JsonSerializerOptions.Web)!;
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal(("PUT", "/reviews/3", "?a=1", "five stars"), (echo.Method, echo.Path, echo.Query, echo.Body));
        Assert.Equal(("text/plain", "kept"), (echo.Headers["content-type"], echo.Headers["x-custom"]));
        Assert.Matches($"URI={Productpage}$", echo.Headers["x-forwarded-client-cert"]);
    }

    [Fact]
    public async Task VirtualServiceToV2_SteersEveryInvocation()
    {
        var (caller, client) = await StartPairAsync(withV2: true);
        var revision = await ApplyAsync("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec:
              host: reviews
              subsets:
              - {name: v1, labels: {version: v1}}
              - {name: v2, labels: {version: v2}}
            ---
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata: {name: reviews}
            spec:
              hosts: [reviews]
              http:
              - route: [{destination: {host: reviews, subset: v2}, weight: 100}]
            """);
        await caller.State.WaitForRevisionAsync(revision).WaitAsync(Timeout);
        using var channel = GrpcChannel.ForAddress(caller.App.Services.GetRequiredService<DaprListeners>().GrpcUri!);
        var grpc = new Autogen.Dapr.DaprClient(channel);

        var seen = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            seen.Add((await client.InvokeMethodAsync<Echo>(HttpMethod.Get, "reviews", $"reviews/{i}")).Instance);
            var response = await grpc.InvokeServiceAsync(
                new Autogen.InvokeServiceRequest { Id = "reviews", Message = new Autogen.InvokeRequest { Method = "reviews/0" } },
                new Metadata { { "dapr-api-token", ApiToken } });
            seen.Add(JsonSerializer.Deserialize<Echo>(response.Data.Value.Span, JsonSerializerOptions.Web)!.Instance);
        }

        Assert.All(seen, instance => Assert.Equal("reviews-v2", instance));
    }

    [Fact]
    public async Task AuthorizationPolicyDenyingTheCaller_Http403_GrpcPermissionDenied()
    {
        var (caller, client) = await StartPairAsync();
        var reviews = (MeshSidecar)_running[1];
        var revision = await ApplyAsync("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: deny-productpage}
            spec:
              selector: {matchLabels: {app: reviews}}
              action: DENY
              rules:
              - from: [{source: {principals: [cluster.local/ns/default/sa/productpage]}}]
            """);
        await reviews.State.WaitForRevisionAsync(revision).WaitAsync(Timeout);
        using var channel = GrpcChannel.ForAddress(caller.App.Services.GetRequiredService<DaprListeners>().GrpcUri!);
        var grpc = new Autogen.Dapr.DaprClient(channel);

        var http = await Assert.ThrowsAsync<InvocationException>(() => client.InvokeMethodAsync<Echo>(HttpMethod.Get, "reviews", "reviews/0"));
        var call = grpc.InvokeServiceAsync(
            new Autogen.InvokeServiceRequest { Id = "reviews", Message = new Autogen.InvokeRequest { Method = "reviews/0" } },
            new Metadata { { "dapr-api-token", ApiToken } });
        var rpc = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(HttpStatusCode.Forbidden, http.Response?.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, rpc.StatusCode);
        Assert.Equal("403", (await call.ResponseHeadersAsync).GetValue("dapr-http-status"));
    }

    [Fact]
    public async Task UnknownOrMalformedAppId_DaprErrors()
    {
        var (caller, _) = await StartPairAsync();
        using var raw = new HttpClient { BaseAddress = caller.App.Services.GetRequiredService<DaprListeners>().HttpUri };
        raw.DefaultRequestHeaders.Add("dapr-api-token", ApiToken);

        using var unknown = await raw.GetAsync("/v1.0/invoke/nosuchapp/method/x");
        using var malformed = await raw.GetAsync("/v1.0/invoke/a.b.c.d/method/x");
        using var noMethod = await raw.GetAsync("/v1.0/invoke/reviews/method/");

        Assert.Equal(HttpStatusCode.InternalServerError, unknown.StatusCode);
        Assert.Equal("ERR_DIRECT_INVOKE", JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["errorCode"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noMethod.StatusCode);
    }

    /// <summary>reviews v1 (and v2) with STRICT inbound mTLS, then productpage with the Dapr API, synced with every reviews instance.</summary>
    private async Task<(MeshSidecar Caller, DaprClient Client)> StartPairAsync(bool withV2 = false)
    {
        foreach (var version in withV2 ? new[] { "v1", "v2" } : ["v1"])
        {
            var app = await EchoApp.StartAsync($"reviews-{version}");
            _running.Add(app);
            var sidecar = await MeshSidecar.StartAsync(
                redis.ConnectionString, _prefix, "reviews", app.Port,
                new SwappableCertificateSource(Reviews, _ca.Workload(Reviews)), new SettableMtlsPolicy(MutualTlsMode.Strict), _registry,
                "--version", version, "--instance-id", $"reviews-{version}", "--app-api-token-file", Path.Combine(_directory, "app-token"));
            _running.Add(sidecar);
            await sidecar.Registration.WaitForLeaseCountAsync(1, CancellationToken.None).WaitAsync(Timeout);
        }

        var front = await EchoApp.StartAsync("productpage-app");
        _running.Add(front);
        var caller = await MeshSidecar.StartAsync(
            redis.ConnectionString, _prefix, "productpage", front.Port,
            new SwappableCertificateSource(Productpage, _ca.Workload(Productpage)), new SettableMtlsPolicy(MutualTlsMode.Permissive), null,
            "--dapr-http-port", "0", "--dapr-grpc-port", "0", "--dapr-api-token-file", Path.Combine(_directory, "token"));
        _running.Add(caller);
        var last = _running.OfType<MeshSidecar>().Where(s => s != caller).Max(s => s.Registration.CurrentLease!.Revision);
        await caller.State.WaitForRevisionAsync(last).WaitAsync(Timeout);
        var listeners = caller.App.Services.GetRequiredService<DaprListeners>();
        var client = new DaprClientBuilder()
            .UseHttpEndpoint(listeners.HttpUri!.ToString()).UseGrpcEndpoint(listeners.GrpcUri!.ToString()).UseDaprApiToken(ApiToken).Build();
        _running.Add(new DisposableClient(client));
        return (caller, client);
    }

    private async Task<long> ApplyAsync(string yaml)
    {
        using var response = await _registry.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(yaml));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return (long)JsonNode.Parse(text)!["revision"]!;
    }

    public sealed record Order(string Id, int Quantity);

    public sealed record Echo(string Instance, string Method, string Path, string Query, Dictionary<string, string> Headers, string Body);

    private sealed class DisposableClient(DaprClient client) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            client.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>An app that answers every request with what reached it, as JSON.</summary>
    private sealed class EchoApp : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private EchoApp(WebApplication app, int port)
        {
            _app = app;
            Port = port;
        }

        public int Port { get; }

        public static async Task<EchoApp> StartAsync(string instance)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            app.Run(async context =>
            {
                using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
                var echo = new Echo(instance, context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, body);
                await context.Response.WriteAsJsonAsync(echo, JsonSerializerOptions.Web);
            });
            await app.StartAsync();
            return new EchoApp(app, new Uri(app.Urls.First()).Port);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
