using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>
/// An <see cref="HttpContext"/> for a request that did not arrive as HTTP on a listener (Dapr's gRPC
/// <c>InvokeService</c>), so a front door can run it through a listener's <see cref="ProxyPipeline"/> like any other:
/// request line, headers and body in; status, headers and a buffered body (at most <c>maxResponseBytes</c>; more fails
/// the forward with 502) out. The caller is loopback (the app beside this sidecar). Dispose it when done.
/// </summary>
public sealed class FrontDoorContext : IDisposable
{
    private readonly BoundedBuffer _responseBody;

    private FrontDoorContext(DefaultHttpContext context, BoundedBuffer responseBody)
    {
        Context = context;
        _responseBody = responseBody;
    }

    public HttpContext Context { get; }

    public int StatusCode => Context.Response.StatusCode;

    public IHeaderDictionary ResponseHeaders => Context.Response.Headers;

    /// <summary>The response trailers the upstream sent (gRPC status among them).</summary>
    public IHeaderDictionary ResponseTrailers => Context.Features.Get<IHttpResponseTrailersFeature>()!.Trailers;

    /// <summary>The response body as written through the pipeline.</summary>
    public ReadOnlyMemory<byte> ResponseBody => _responseBody.Written;

    public static FrontDoorContext Create(
        string method,
        HostString host,
        string path,
        QueryString query,
        IEnumerable<KeyValuePair<string, StringValues>> headers,
        Stream? body,
        CancellationToken cancellation,
        string protocol = "HTTP/1.1",
        long maxResponseBytes = 32 * 1024 * 1024)
    {
        var request = new HttpRequestFeature
        {
            Method = method,
            Scheme = "http",
            Path = path,
            QueryString = query.Value ?? "",
            RawTarget = path + query.Value,
            Protocol = protocol,
            Body = body ?? Stream.Null,
        };
        foreach (var (name, values) in headers)
        {
            request.Headers[name] = values;
        }

        request.Headers.Host = host.Value;
        var responseBody = new BoundedBuffer(maxResponseBytes);
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(request);
        features.Set<IHttpResponseFeature>(new HttpResponseFeature());
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(responseBody));
        features.Set<IHttpResponseTrailersFeature>(new TrailersFeature());
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = cancellation });
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            RemoteIpAddress = IPAddress.Loopback,
            LocalIpAddress = IPAddress.Loopback,
            ConnectionId = "front-door",
        });
        return new FrontDoorContext(new DefaultHttpContext(features), responseBody);
    }

    public void Dispose() => _responseBody.Dispose();

    private sealed class TrailersFeature : IHttpResponseTrailersFeature
    {
        public IHeaderDictionary Trailers { get; set; } = new HeaderDictionary();
    }

    /// <summary>A write-only memory stream that refuses to grow beyond its limit.</summary>
    private sealed class BoundedBuffer(long limit) : MemoryStream
    {
        public ReadOnlyMemory<byte> Written => GetBuffer().AsMemory(0, (int)Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            Check(count);
            base.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Check(buffer.Length);
            base.Write(buffer);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Check(count);
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Check(buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }

        private void Check(int count)
        {
            if (Length + count > limit)
            {
                throw new IOException($"the response is larger than {limit} bytes");
            }
        }
    }
}
