using System.Text;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>Answers the proxy writes itself (no route, no upstream, upstream failure): a status and a one-line text body.</summary>
public static class LocalReplies
{
    public const string ConnectError = "upstream connect error";
    public const string RequestFailed = "upstream request failed";
    public const string Timeout = "upstream request timeout";

    public static Task NoRoute(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status404NotFound, $"no route for {context.Request.Host.Value}{context.Request.Path.Value}");

    public static Task NoHealthyUpstream(HttpContext context, string cluster) =>
        WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"no healthy upstream for {cluster}");

    /// <summary>Answers a failed forward (see <see cref="ForwarderErrors"/>), unless the client itself went away.</summary>
    public static Task ForwardFailed(HttpContext context, ForwarderError error, Exception? exception)
    {
        if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled)
        {
            return Task.CompletedTask;
        }

        var (status, message) = ForwarderErrors.Map(error, exception);
        return WriteAsync(context, status, message);
    }

    /// <summary>Writes the answer unless the response has already started (then the connection is simply ended).</summary>
    public static Task WriteAsync(HttpContext context, int status, string message) =>
        TryStart(context, status) ? WriteBodyAsync(context, message) : Task.CompletedTask;

    /// <summary>
    /// Clears what a failed forward may have set and starts a text answer with <paramref name="status"/>; false (and the
    /// connection aborted) when the response has already started. Add headers, then <see cref="WriteBodyAsync"/>.
    /// </summary>
    public static bool TryStart(HttpContext context, int status)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return false;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return true;
    }

    /// <summary>The one-line body of an answer started with <see cref="TryStart"/> (none for HEAD).</summary>
    public static async Task WriteBodyAsync(HttpContext context, string message)
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(message + "\n"), context.RequestAborted);
        }
    }
}
