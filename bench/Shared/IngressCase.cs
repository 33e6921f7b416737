using System.Diagnostics;
using System.Net;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.Quota;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Ingress.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GatewayMesh.Bench.Shared;

/// <summary>Per-request latency percentiles and mean in microseconds, bytes allocated per request, and requests per second of the one sequential client.</summary>
internal sealed record Stats(double P50, double P99, double P999, double Mean, double BytesPerRequest, double RequestsPerSecond = 0)
{
    /// <summary>The median of each figure over rounds.</summary>
    public static Stats Median(IReadOnlyCollection<Stats> rounds)
    {
        static double Mid(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        }

        return new Stats(
            Mid(rounds.Select(s => s.P50)), Mid(rounds.Select(s => s.P99)), Mid(rounds.Select(s => s.P999)), Mid(rounds.Select(s => s.Mean)),
            Mid(rounds.Select(s => s.BytesPerRequest)), Mid(rounds.Select(s => s.RequestsPerSecond)));
    }
}

/// <summary>
/// One real ingress in this process (the benchmarks of bench/Policy and bench/Telemetry), its mesh state in memory
/// (quota counters in Redis when given): <c>yaml</c> applied, one productpage instance at the upstream port, and
/// requests sent straight into its pipeline with one reused HttpContext, as Kestrel reuses one per connection.
/// </summary>
internal sealed class IngressCase : IAsyncDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromMinutes(15); // under callgrind on a loaded machine the first requests take minutes

    private readonly WebApplication _app;
    private readonly RequestDelegate _pipeline;
    private readonly HttpContext _context;
    private readonly HttpRequestFeature _request = new();
    private readonly HttpResponseFeature _response = new();
    private readonly RedisMeshConnection? _redis;

    private IngressCase(string name, WebApplication app, RedisMeshConnection? redis)
    {
        Name = name;
        _app = app;
        _redis = redis;
        _pipeline = ((IApplicationBuilder)app).Build();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(_request);
        features.Set<IHttpResponseFeature>(_response);
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature());
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature { RemoteIpAddress = IPAddress.Loopback, LocalIpAddress = IPAddress.Loopback, LocalPort = 31380, RemotePort = 40000 });
        features.Set<IHttpRequestBodyDetectionFeature>(BodilessRequests.Instance); // Kestrel always has it: the requests here are GETs without a body
        _context = new DefaultHttpContext(features);
    }

    public string Name { get; }

    /// <summary>This ingress's services (e.g. a recorder a benchmark registered).</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="extraArgs">More ingress switches or configuration keys (<c>--Telemetry:TraceSampling 1</c>).</param>
    public static Task<IngressCase> StartAsync(string name, string yaml, int upstreamPort, string? redis, params string[] extraArgs) =>
        StartAsync(name, yaml, upstreamPort, redis, null, extraArgs);

    /// <param name="configure">More registrations, made before the ingress's own (so a recorder added here runs first).</param>
    /// <param name="extraArgs">More ingress switches or configuration keys (<c>--Telemetry:TraceSampling 1</c>).</param>
    public static async Task<IngressCase> StartAsync(string name, string yaml, int upstreamPort, string? redis, Action<IServiceCollection>? configure, params string[] extraArgs)
    {
        var connection = redis is null ? null : new RedisMeshConnection(new RedisMeshStateOptions { ConnectionString = redis, KeyPrefix = $"bench-{name}:" });
        var app = IngressApp.Create(["--redis", "127.0.0.1:1", "--http-port", "0", "--https-port", "0", "--admin-port", "0", .. extraArgs], services =>
        {
            if (connection is not null)
            {
                services.AddSingleton<IQuotaCounters>(new RedisQuotaCounters(connection));
            }

            services.AddInMemoryMeshState(); // registered first: the ingress's Redis registrations are TryAdd
            services.AddLogging(logging => logging.ClearProviders());
            configure?.Invoke(services);
        });
        await app.StartAsync();
        var parsed = ConfigParser.Parse(yaml, "bench");
        if (!parsed.Succeeded)
        {
            throw new InvalidOperationException(string.Join("\n", parsed.Errors));
        }

        var store = app.Services.GetRequiredService<IConfigStore>();
        foreach (var resource in parsed.Resources)
        {
            await store.PutAsync(resource);
        }

        await app.Services.GetRequiredService<IServiceRegistry>().RegisterAsync(
            new ServiceInstance
            {
                Service = "productpage",
                Namespace = "default",
                InstanceId = "productpage-bench",
                Address = "127.0.0.1",
                Port = upstreamPort,
                Labels = new ValueMap<string, string>([KeyValuePair.Create("app", "productpage"), KeyValuePair.Create("version", "v1")]),
            },
            TimeSpan.FromHours(1));
        var ingress = new IngressCase(name, app, connection);
        await ingress.WaitReadyAsync();
        return ingress;
    }

    /// <summary>Until both paths answer 200 (the config and the instance have reached the proxy).</summary>
    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + Startup;
        foreach (var path in new[] { "/direct/x", "/fwd/x" })
        {
            while (true)
            {
                await SendAsync(path, "jason");
                if (_response.StatusCode == 200)
                {
                    break;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"{Name}: {path} still answers {_response.StatusCode} after {Startup}");
                }

                await Task.Delay(50);
            }
        }
    }

    public async Task<Stats> MeasureAsync(string path, string[] users, int count)
    {
        var times = new double[count];
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var began = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await SendAsync(path, users[i % users.Length]);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            if (_response.StatusCode != 200)
            {
                throw new InvalidOperationException($"{Name}: {path} answered {_response.StatusCode}");
            }
        }

        var requestsPerSecond = count / Stopwatch.GetElapsedTime(began).TotalSeconds;
        var bytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count;
        Array.Sort(times);
        return new Stats(Percentile(times, 50), Percentile(times, 99), Percentile(times, 99.9), times.Average(), bytes, requestsPerSecond);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private Task SendAsync(string path, string user)
    {
        var request = _request;
        request.Method = "GET";
        request.Scheme = "http";
        request.Protocol = "HTTP/1.1";
        request.Path = path;
        request.RawTarget = path;
        request.QueryString = "";
        request.Headers.Clear();
        request.Headers.Host = "bookinfo.example";
        request.Headers.UserAgent = "bench/1.0";
        request.Headers["x-user"] = user;
        _response.StatusCode = 200;
        _response.ReasonPhrase = null;
        _response.Headers.Clear();
        return _pipeline(_context);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    /// <summary>What Kestrel's feature says of an HTTP/1.1 GET without Content-Length or chunked framing.</summary>
    private sealed class BodilessRequests : IHttpRequestBodyDetectionFeature
    {
        public static readonly BodilessRequests Instance = new();

        public bool CanHaveBody => false;
    }
}
