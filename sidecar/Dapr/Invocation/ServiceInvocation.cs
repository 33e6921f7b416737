using System.Globalization;
using Dapr.Client.Autogen.Grpc.v1;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.State;
using GatewayMesh.Sidecar.Dapr.Errors;
using GatewayMesh.Sidecar.Dapr.Settings;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Primitives;
using CommonInvokeRequest = Dapr.Client.Autogen.Grpc.v1.InvokeRequest;
using CommonInvokeResponse = Dapr.Client.Autogen.Grpc.v1.InvokeResponse;
using HttpVerb = Dapr.Client.Autogen.Grpc.v1.HTTPExtension.Types.Verb;

namespace GatewayMesh.Sidecar.Dapr.Invocation;

/// <summary>
/// Dapr's service invocation as a front door of the sidecar's outbound pipeline: the app id becomes the mesh host
/// (<see cref="InvocationTarget"/>), the method the path, and the request runs through
/// <see cref="ProxyPipelines.SidecarOutbound"/> exactly once, so VirtualService routing, DestinationRule resilience,
/// mTLS, the callee's AuthorizationPolicy and telemetry apply as to any mesh call. Nothing here retries, times out or
/// forwards on its own. HTTP (<c>/v1.0/invoke/{id}/method/{method}</c> and the <c>dapr-app-id</c> header) passes the
/// callee's answer through as it is; gRPC <c>InvokeService</c> calls the callee over HTTP (daprd's behaviour for HTTP
/// apps) and maps a non-2xx answer to a gRPC status with the <c>dapr-http-status</c> header.
/// </summary>
public sealed class ServiceInvocation(ProxyPipelines pipelines, ProxyState state, DaprApiOptions options)
{
    public const string HttpFrontDoor = "dapr-http";
    public const string GrpcFrontDoor = "dapr-grpc";
    public const string AppIdHeader = "dapr-app-id";
    public const string CallerAppIdHeader = "dapr-caller-app-id";
    public const string CalleeAppIdHeader = "dapr-callee-app-id";
    public const string HttpStatusHeader = "dapr-http-status";

    /// <summary>Headers of the Dapr API itself that never travel to the callee.</summary>
    private static readonly HashSet<string> DaprOnlyHeaders = new(StringComparer.OrdinalIgnoreCase) { "dapr-api-token", AppIdHeader };

    /// <summary>gRPC metadata that belongs to the call to this sidecar, not to the request sent to the callee.</summary>
    private static readonly HashSet<string> GrpcCallHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "dapr-api-token", AppIdHeader, "content-type", "content-length", "user-agent", "te", "host", "grpc-timeout",
        "grpc-encoding", "grpc-accept-encoding", "grpc-message-type", "connection", "transfer-encoding", "keep-alive", "upgrade",
    };

    /// <summary>Response headers that describe the HTTP message, not the answer, and are not copied to gRPC metadata.</summary>
    private static readonly HashSet<string> HttpMessageHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "content-type", "content-length", "transfer-encoding", "connection", "keep-alive", "date", "server", "trailer", "upgrade",
    };

    /// <summary>
    /// HTTP invocation: rewrites the request in place (host, path, Dapr-only headers off, caller and callee ids on)
    /// and runs it through the outbound pipeline, which writes the callee's (or the mesh's) answer.
    /// </summary>
    public Task InvokeHttpAsync(HttpContext context, string appId, string method)
    {
        var host = Target(appId);
        context.Request.Host = new HostString(host);
        context.Request.PathBase = PathString.Empty;
        context.Request.Path = MethodPath(method.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase)); // Kestrel keeps %2F encoded
        foreach (var header in DaprOnlyHeaders)
        {
            context.Request.Headers.Remove(header);
        }

        context.Request.Headers[CallerAppIdHeader] = options.AppId;
        context.Request.Headers[CalleeAppIdHeader] = appId;
        return pipelines.SidecarOutbound.RunAsync(context, HttpFrontDoor);
    }

    /// <summary>gRPC <c>InvokeService</c>: an HTTP request to the callee through the outbound pipeline, its answer as <c>InvokeResponse</c>.</summary>
    public async Task<CommonInvokeResponse> InvokeGrpcAsync(InvokeServiceRequest request, ServerCallContext call)
    {
        var message = request.Message ?? throw DaprErrors.InvokeMalformed("the request carries no message");
        if (string.IsNullOrEmpty(message.Method))
        {
            throw DaprErrors.InvokeMalformed("the method name is empty");
        }

        var host = Target(request.Id);
        var body = message.Data?.Value ?? ByteString.Empty;
        var headers = RequestHeaders(call, message, request.Id, body.Length);
        var query = message.HttpExtension?.Querystring is { Length: > 0 } q ? new QueryString(q.StartsWith('?') ? q : "?" + q) : QueryString.Empty;
        using var front = FrontDoorContext.Create(
            Verb(message.HttpExtension?.Verb ?? HttpVerb.None), new HostString(host), MethodPath(message.Method).Value!, query, headers,
            body.IsEmpty ? null : new MemoryStream(body.ToByteArray(), writable: false), call.CancellationToken, "HTTP/1.1", options.MaxRequestBodyBytes);
        front.Context.RequestServices = call.GetHttpContext().RequestServices;
        await pipelines.SidecarOutbound.RunAsync(front.Context, GrpcFrontDoor);

        var status = front.StatusCode;
        var answer = new Metadata { { HttpStatusHeader, status.ToString(CultureInfo.InvariantCulture) } };
        CopyResponseHeaders(front.ResponseHeaders, answer);
        await call.WriteResponseHeadersAsync(answer);
        if (status is < 200 or > 299)
        {
            var text = System.Text.Encoding.UTF8.GetString(front.ResponseBody.Span[..Math.Min(front.ResponseBody.Length, 1024)]).Trim();
            throw new RpcException(new Status(CodeOf(status), $"the callee {request.Id} answered {status}{(text.Length > 0 ? ": " + text : "")}"));
        }

        return new CommonInvokeResponse
        {
            Data = new Any { Value = ByteString.CopyFrom(front.ResponseBody.Span) },
            ContentType = front.ResponseHeaders.ContentType.ToString(),
        };
    }

    /// <summary>The gRPC status daprd reports for a callee's HTTP status (the inverse of gRPC's HTTP mapping).</summary>
    public static StatusCode CodeOf(int httpStatus) => httpStatus switch
    {
        >= 200 and <= 299 => StatusCode.OK,
        400 => StatusCode.InvalidArgument,
        401 => StatusCode.Unauthenticated,
        403 => StatusCode.PermissionDenied,
        404 => StatusCode.NotFound,
        408 => StatusCode.DeadlineExceeded,
        409 => StatusCode.Aborted,
        412 => StatusCode.FailedPrecondition,
        413 => StatusCode.ResourceExhausted,
        429 => StatusCode.ResourceExhausted,
        499 => StatusCode.Cancelled,
        500 => StatusCode.Internal,
        501 => StatusCode.Unimplemented,
        502 or 503 => StatusCode.Unavailable,
        504 => StatusCode.DeadlineExceeded,
        _ => StatusCode.Unknown,
    };

    /// <summary>The callee's host, once the app id is known to the mesh (daprd's 500 <c>ERR_DIRECT_INVOKE</c> otherwise).</summary>
    private string Target(string appId)
    {
        var host = InvocationTarget.Resolve(appId, options.Namespace);
        if (state.Current.Routes.FindVirtualHost(host) is null)
        {
            throw DaprErrors.DirectInvoke(appId, $"no service {host} in the mesh");
        }

        return host;
    }

    /// <summary><c>/</c> + the method, with a leading slash of the method (a URL-encoded <c>%2F</c>) not doubled.</summary>
    private static PathString MethodPath(string method) => new("/" + method.TrimStart('/'));

    private static string Verb(HttpVerb verb) => verb switch
    {
        HttpVerb.Get => HttpMethods.Get,
        HttpVerb.Head => HttpMethods.Head,
        HttpVerb.Put => HttpMethods.Put,
        HttpVerb.Delete => HttpMethods.Delete,
        HttpVerb.Connect => throw DaprErrors.InvokeMalformed("CONNECT cannot be invoked"),
        HttpVerb.Options => HttpMethods.Options,
        HttpVerb.Trace => HttpMethods.Trace,
        HttpVerb.Patch => HttpMethods.Patch,
        _ => HttpMethods.Post, // POST, and NONE as daprd sends it to HTTP apps
    };

    private List<KeyValuePair<string, StringValues>> RequestHeaders(ServerCallContext call, CommonInvokeRequest message, string appId, int bodyLength)
    {
        var headers = new List<KeyValuePair<string, StringValues>>();
        foreach (var entry in call.RequestHeaders)
        {
            if (!entry.IsBinary && !GrpcCallHeaders.Contains(entry.Key) && !entry.Key.StartsWith(':'))
            {
                headers.Add(new(entry.Key, entry.Value));
            }
        }

        if (bodyLength > 0)
        {
            headers.Add(new("content-length", bodyLength.ToString(CultureInfo.InvariantCulture)));
            if (message.ContentType is { Length: > 0 } type)
            {
                headers.Add(new("content-type", type));
            }
        }

        headers.Add(new(CallerAppIdHeader, options.AppId));
        headers.Add(new(CalleeAppIdHeader, appId));
        return headers;
    }

    private static void CopyResponseHeaders(IHeaderDictionary headers, Metadata metadata)
    {
        foreach (var (name, values) in headers)
        {
            if (HttpMessageHeaders.Contains(name) || !IsMetadataKey(name))
            {
                continue;
            }

            foreach (var value in values)
            {
                if (value is not null && value.All(c => c is >= ' ' and <= '~'))
                {
                    metadata.Add(name.ToLowerInvariant(), value);
                }
            }
        }
    }

    private static bool IsMetadataKey(string name) =>
        name.Length > 0 && !name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase) && !name.EndsWith("-bin", StringComparison.OrdinalIgnoreCase)
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
