
namespace GatewayMesh.Registry.Api;

/// <summary>
/// Last line of defence: a request that fails in an unexpected way gets a JSON error without a stack trace, and the
/// process keeps serving. Kestrel's own rejections (body too large, malformed framing) keep their status code.
/// </summary>
internal sealed class ErrorHandling(RequestDelegate next, ILogger<ErrorHandling> logger)
{
    public async Task InvokeAsync(HttpContext context)
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
            var message = exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "request body too large (limit 1 MiB)"
                : "bad request: " + exception.Message;
            Log.BadRequest(logger, context.Request.Method, context.Request.Path, exception.StatusCode, message);
            await TryWriteAsync(context, exception.StatusCode, message);
        }
        catch (Exception exception)
        {
            Log.UnhandledError(logger, exception, context.Request.Method, context.Request.Path);
            await TryWriteAsync(context, StatusCodes.Status500InternalServerError, "internal error");
        }
    }

    private static async Task TryWriteAsync(HttpContext context, int status, string message)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        await ApiErrors.Write(context, status, message);
    }
}
