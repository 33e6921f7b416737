using System.Net;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Ingress.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Bench.Forwarding;

/// <summary>
/// One request through the real ingress's request path, in process: the application pipeline <c>IngressApp</c> builds
/// (routing, authorization, endpoint pick, resilience, YARP's forwarder over the proxy's real upstream client) is
/// invoked with a reused HttpContext, as Kestrel reuses one per connection, and forwards over a loopback keep-alive
/// connection to <see cref="CannedUpstream"/>. Time and bytes per operation are the proxy's request path plus the
/// client half of one loopback HTTP/1.1 exchange. Mesh state is in memory (no Redis).
/// Cases: a route with Istio's default retry policy (the no-fault path of most routes), and one with <c>attempts: 0</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class ForwardingPathBenchmark : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    private CannedUpstream? _upstream;
    private WebApplication? _app;
    private RequestDelegate? _pipeline;
    private HttpContext? _context;
    private HttpRequestFeature? _request;
    private HttpResponseFeature? _response;

    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "Istio default retries")]
    public Task DefaultRetries() => SendAsync("/default/reviews/0");

    [Benchmark(Description = "attempts: 0")]
    public Task NoRetries() => SendAsync("/none/reviews/0");

    [GlobalCleanup]
    public void Dispose()
    {
        _app?.StopAsync().GetAwaiter().GetResult();
        (_app as IDisposable)?.Dispose();
        _upstream?.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task SetupAsync()
    {
        _upstream = new CannedUpstream();
        _app = IngressApp.Create(["--redis", "127.0.0.1:1", "--http-port", "0", "--https-port", "0", "--admin-port", "0"], services =>
        {
            services.AddInMemoryMeshState(); // registered first: the ingress's Redis registrations are TryAdd
            services.AddLogging(logging => logging.ClearProviders());
        });
        await _app.StartAsync();
        var store = _app.Services.GetRequiredService<IConfigStore>();
        var parsed = ConfigParser.Parse(Routes, "bench");
        if (!parsed.Succeeded)
        {
            throw new InvalidOperationException(string.Join("\n", parsed.Errors));
        }

        foreach (var resource in parsed.Resources)
        {
            await store.PutAsync(resource);
        }

        await _app.Services.GetRequiredService<IServiceRegistry>().RegisterAsync(
            new ServiceInstance
            {
                Service = "reviews",
                Namespace = "default",
                InstanceId = "reviews-bench",
                Address = "127.0.0.1",
                Port = _upstream.Port,
                Labels = new ValueMap<string, string>([KeyValuePair.Create("app", "reviews"), KeyValuePair.Create("version", "v1")]),
            },
            TimeSpan.FromHours(1));

        _pipeline = ((IApplicationBuilder)_app).Build();
        _request = new HttpRequestFeature();
        _response = new HttpResponseFeature();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(_request);
        features.Set<IHttpResponseFeature>(_response);
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature());
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature { RemoteIpAddress = IPAddress.Loopback, LocalIpAddress = IPAddress.Loopback, LocalPort = 31380, RemotePort = 40000 });
        _context = new DefaultHttpContext(features);
        var deadline = DateTime.UtcNow + Startup;
        while (true)
        {
            await SendAsync("/default/reviews/0");
            if (_response.StatusCode == 200)
            {
                break;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the ingress still answers {_response.StatusCode} after {Startup}");
            }

            await Task.Delay(50);
        }
    }

    private Task SendAsync(string path)
    {
        var request = _request!;
        request.Method = "GET";
        request.Scheme = "http";
        request.Protocol = "HTTP/1.1";
        request.Path = path;
        request.RawTarget = path;
        request.QueryString = "";
        request.Headers.Clear();
        request.Headers.Host = "bookinfo.example";
        request.Headers["x-request-id"] = "4a1e9d8c-1b2c-4d3e-8f90-123456789abc";
        _response!.StatusCode = 200;
        _response.ReasonPhrase = null;
        _response.Headers.Clear();
        return _pipeline!(_context!);
    }

    private const string Routes = """
        apiVersion: networking.istio.io/v1
        kind: Gateway
        metadata: {name: bench-gateway, namespace: default}
        spec:
          selector: {istio: ingressgateway}
          servers:
          - port: {number: 80, name: http, protocol: HTTP}
            hosts: ["*"]
        ---
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata: {name: bench, namespace: default}
        spec:
          hosts: ["*"]
          gateways: [bench-gateway]
          http:
          - match: [{uri: {prefix: /none}}]
            route: [{destination: {host: reviews}}]
            retries: {attempts: 0}
          - match: [{uri: {prefix: /default}}]
            route: [{destination: {host: reviews}}]
        """;

    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() =>
            AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithId("in-process"));
    }
}
