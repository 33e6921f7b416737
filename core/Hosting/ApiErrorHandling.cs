using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Core.Hosting;

/// <summary>
/// How a component's HTTP API answers and logs a failed request: its error body (<c>{"error": ...}</c> in its own
/// shape), the text of a <c>413</c>, and its own log messages (with its EventIds).
/// </summary>
/// <param name="BodyTooLarge">The message of a <c>413</c> (e.g. <c>request body over 16 KiB</c>).</param>
/// <param name="WriteAsync">Writes the component's error body with a status code.</param>
/// <param name="Unhandled">Logs an unexpected exception (method, path, exception).</param>
/// <param name="BadRequest">Logs a request Kestrel rejected (status, message); null logs nothing.</param>
public sealed record ApiErrorStyle(
    string BodyTooLarge,
    Func<HttpContext, int, string, Task> WriteAsync,
    Action<HttpContext, Exception> Unhandled,
    Action<HttpContext, int, string>? BadRequest = null);

/// <summary>
/// The last line of defence of a component's HTTP API (the CA's, the registry's): a request that fails in an unexpected
/// way gets a <c>500</c> error body without a stack trace, and the process keeps serving; Kestrel's own rejections
/// (body too large, malformed framing) keep their status code. A response already started is aborted instead.
/// </summary>
public static class ApiErrorHandling
{
    public static IApplicationBuilder UseApiErrorHandling(this IApplicationBuilder app, ApiErrorStyle style) =>
        app.Use(next => context => InvokeAsync(context, next, style));

    private static async Task InvokeAsync(HttpContext context, RequestDelegate next, ApiErrorStyle style)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (BadHttpRequestException exception)
        {
            var message = exception.StatusCode == StatusCodes.Status413PayloadTooLarge ? style.BodyTooLarge : "bad request: " + exception.Message;
            style.BadRequest?.Invoke(context, exception.StatusCode, message);
            await TryWriteAsync(context, style, exception.StatusCode, message);
        }
        catch (Exception exception)
        {
            style.Unhandled(context, exception);
            await TryWriteAsync(context, style, StatusCodes.Status500InternalServerError, "internal error");
        }
    }

    private static async Task TryWriteAsync(HttpContext context, ApiErrorStyle style, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        await style.WriteAsync(context, status, message);
    }
}
