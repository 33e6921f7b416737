using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.IntegrationTests.Observability;

/// <summary>
/// <c>istio_request_bytes</c>/<c>istio_response_bytes</c> count the body bytes that moved, also when no
/// <c>Content-Length</c> declares them (issue 13: chunked bodies counted 0): a chunked request through a real
/// ingress to a real upstream that answers chunked, over sockets both ways.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class BodyBytesTests(RedisServerFixture redis)
{
    private const int RequestBody = 3_000;
    private static readonly byte[] FirstChunk = new byte[1_000];
    private static readonly byte[] SecondChunk = new byte[234];

    [Fact]
    public async Task ChunkedRequestAndResponse_ThroughTheIngress_BodyBytesCountedAsTheyMoved()
    {
        var upstreamReceived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await StartChunkedUpstreamAsync(upstreamReceived);
        await using var ingress = await StartIngressToAsync(upstream, "reviews-chunked");

        using var response = await ingress.SendAsync(HttpMethod.Post, "/upload", configure: request =>
        {
            request.Content = new StreamContent(new UnknownLengthStream(RequestBody));
            request.Headers.TransferEncodingChunked = true;
        });
        var answer = await response.Content.ReadAsByteArrayAsync(); // the last chunk arrives after the record step ran

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.TransferEncodingChunked, "the answer was not chunked");
        Assert.Equal(FirstChunk.Length + SecondChunk.Length, answer.Length);
        Assert.Equal(RequestBody, await upstreamReceived.Task.WaitAsync(IngressHarness.Timeout));
        var samples = IstioMetricsMeshTests.Parse(await ingress.Admin.GetStringAsync("/stats/prometheus"));
        Assert.Equal(RequestBody, Single(samples, "istio_request_bytes_sum"));
        Assert.Equal(FirstChunk.Length + SecondChunk.Length, Single(samples, "istio_response_bytes_sum"));
        Assert.Equal(1, Single(samples, "istio_request_bytes_count"));
    }

    [Fact]
    public async Task GrpcOverHttp2_DeclaredRequestAndFramedResponseWithTrailers_BodyBytesCountedAsTheyMoved()
    {
        // Issue 13: HTTP/2 both ways (h2c from the client, h2c upstream), a request body with a declared length, a
        // response in two DATA flushes with no length, then trailers: the sizes are the bodies that moved, the call is gRPC.
        var upstreamReceived = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await StartGrpcUpstreamAsync(upstreamReceived);
        await using var ingress = await StartIngressToAsync(upstream, "reviews-h2");

        using var response = await ingress.SendAsync(HttpMethod.Post, "/reviews.Reviews/Get", configure: request =>
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
            request.Content = new ByteArrayContent(new byte[RequestBody]);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        });
        var answer = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal(FirstChunk.Length + SecondChunk.Length, answer.Length);
        Assert.Equal("0", Assert.Single(response.TrailingHeaders.GetValues("grpc-status")));
        Assert.Equal(RequestBody, await upstreamReceived.Task.WaitAsync(IngressHarness.Timeout));
        var samples = IstioMetricsMeshTests.Parse(await ingress.Admin.GetStringAsync("/stats/prometheus"));
        Assert.Equal(RequestBody, Single(samples, "istio_request_bytes_sum"));
        Assert.Equal(FirstChunk.Length + SecondChunk.Length, Single(samples, "istio_response_bytes_sum"));
        var requests = Assert.Single(samples, s => s.Name == "istio_requests_total" && s.Labels["destination_service_name"] == "reviews");
        Assert.Equal(("grpc", "0"), (requests.Labels["request_protocol"], requests.Labels["grpc_response_status"]));
    }

    [Fact]
    public async Task ClientAbortsAStreamingResponse_ThroughTheIngress_ResponseBytesAreBetweenWhatTheClientReadAndTheUpstreamSent()
    {
        // Issue 13: an aborted response counts what moved before the abort, never the declared or intended size.
        var upstreamSent = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await StartEndlessUpstreamAsync(upstreamSent);
        await using var ingress = await StartIngressToAsync(upstream, "reviews-endless");

        long read = 0;
        using (var response = await ingress.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/stream"), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[4096];
            while (read < 20 * FirstChunk.Length)
            {
                read += await body.ReadAsync(buffer);
            }
        } // disposed mid-body: the connection is closed under the ingress

        var sent = await upstreamSent.Task.WaitAsync(IngressHarness.Timeout);
        long counted = 0;
        await MeshObservabilityTests.Eventually(async () =>
        {
            var samples = IstioMetricsMeshTests.Parse(await ingress.Admin.GetStringAsync("/stats/prometheus"));
            if (!samples.Any(s => s.Name == "istio_response_bytes_count" && s.Labels["destination_service_name"] == "reviews"))
            {
                return "the aborted request was not recorded yet";
            }

            counted = Single(samples, "istio_response_bytes_sum");
            return null;
        });
        Assert.InRange(counted, read, sent + FirstChunk.Length); // a write cut by the abort may have left partly
    }

    [Fact]
    public async Task BodilessRequestsForwardedAndAnsweredDirectly_ThroughTheIngress_SizesExact()
    {
        // Issue 13 (cost): a request that can have no body (a GET; a POST with Content-Length: 0) keeps its own body
        // stream, nothing is swapped in for it, and its size is still exact (0); so are the responses, forwarded with a
        // declared length or written by the proxy itself (a direct response).
        await using var upstream = await StartFixedUpstreamAsync();
        await using var ingress = await StartIngressToAsync(upstream, "reviews-fixed", """
            - match: [{uri: {exact: /teapot}}]
              directResponse: {status: 418, body: {string: "short and stout"}}
            - route: [{destination: {host: reviews}}]
            """);

        using var get = await ingress.SendAsync(HttpMethod.Get, "/reviews");
        using var emptyPost = await ingress.SendAsync(HttpMethod.Post, "/reviews", configure: request => request.Content = new ByteArrayContent([]));
        using var teapot = await ingress.SendAsync(HttpMethod.Get, "/teapot");

        Assert.Equal(FirstChunk.Length, (await get.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(FirstChunk.Length, (await emptyPost.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal("short and stout", await teapot.Content.ReadAsStringAsync());
        List<IstioMetricsMeshTests.Sample> samples = [];
        await MeshObservabilityTests.Eventually(async () => // a declared-length answer can reach the client before the record step ran
        {
            samples = IstioMetricsMeshTests.Parse(await ingress.Admin.GetStringAsync("/stats/prometheus"));
            return samples.Any(s => s.Name == "istio_request_bytes_count" && s.Labels["destination_service_name"] == "reviews" && s.Value == 2)
                && samples.Any(s => s.Name == "istio_request_bytes_count" && s.Labels["response_code"] == "418")
                ? null
                : "the three requests were not all recorded yet";
        });
        Assert.Equal(0, Single(samples, "istio_request_bytes_sum"));
        Assert.Equal(2 * FirstChunk.Length, Single(samples, "istio_response_bytes_sum"));
        Assert.Equal(0, Assert.Single(samples, s => s.Name == "istio_request_bytes_sum" && s.Labels["response_code"] == "418").Value);
        Assert.Equal("short and stout".Length, Assert.Single(samples, s => s.Name == "istio_response_bytes_sum" && s.Labels["response_code"] == "418").Value);
    }

    /// <summary>An ingress on the collection's Redis routing every request of the Bookinfo gateway to <paramref name="upstream"/> as service <c>reviews</c>.</summary>
    private async Task<IngressHarness> StartIngressToAsync(WebApplication upstream, string instance, string rules = "- route: [{destination: {host: reviews}}]")
    {
        var ingress = await IngressHarness.StartAsync(redis);
        try
        {
            await ingress.RegisterAsync("reviews", instance, new Uri(upstream.Urls.First()).Port);
            await ingress.ApplyAsync(IngressConfigs.Gateway());
            await ingress.WaitForRevisionAsync(await ingress.ApplyAsync(IngressConfigs.VirtualService("reviews", rules)));
            return ingress;
        }
        catch
        {
            await ingress.DisposeAsync();
            throw;
        }
    }

    private static long Single(List<IstioMetricsMeshTests.Sample> samples, string name) =>
        Assert.Single(samples, s => s.Name == name && s.Labels["destination_service_name"] == "reviews").Value;

    /// <summary>Answers every request with a 1,000-byte body of declared length.</summary>
    private static async Task<WebApplication> StartFixedUpstreamAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(context =>
        {
            context.Response.ContentLength = FirstChunk.Length;
            return context.Response.Body.WriteAsync(FirstChunk).AsTask();
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>Reads the whole request body, then answers in two flushed writes with no length: chunked on HTTP/1.1.</summary>
    private static async Task<WebApplication> StartChunkedUpstreamAsync(TaskCompletionSource<long> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async context =>
        {
            Assert.Null(context.Request.ContentLength);
            var buffer = new byte[4096];
            long total = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                total += read;
            }

            received.TrySetResult(total);
            await context.Response.Body.WriteAsync(FirstChunk);
            await context.Response.Body.FlushAsync();
            await context.Response.Body.WriteAsync(SecondChunk);
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>h2c only: reads the whole request body, answers gRPC-style in two flushed DATA writes with no length, then <c>grpc-status: 0</c> as a trailer.</summary>
    private static async Task<WebApplication> StartGrpcUpstreamAsync(TaskCompletionSource<long> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2));
        var app = builder.Build();
        app.Run(async context =>
        {
            var buffer = new byte[4096];
            long total = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(buffer)) > 0)
            {
                total += read;
            }

            received.TrySetResult(total);
            context.Response.ContentType = "application/grpc";
            await context.Response.Body.WriteAsync(FirstChunk);
            await context.Response.Body.FlushAsync();
            await context.Response.Body.WriteAsync(SecondChunk);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>Answers 1,000-byte flushed writes, no length, until the ingress goes away; reports the bytes whose write completed.</summary>
    private static async Task<WebApplication> StartEndlessUpstreamAsync(TaskCompletionSource<long> sent)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(async context =>
        {
            long total = 0;
            try
            {
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.Body.WriteAsync(FirstChunk, context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    total += FirstChunk.Length;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
            }
            finally
            {
                sent.TrySetResult(total);
            }
        });
        await app.StartAsync();
        return app;
    }

    /// <summary>A body of <c>length</c> bytes that does not say its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(int length) : Stream
    {
        private int _left = length;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, _left), 700); // several chunks
            Array.Fill(buffer, (byte)'x', offset, n);
            _left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
