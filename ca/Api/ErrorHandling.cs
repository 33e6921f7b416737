namespace GatewayMesh.Ca.Api;

/// <summary>
/// Last line of defence: anything unexpected becomes a <c>500</c> CaError without a stack trace and the CA keeps
/// serving; Kestrel's own rejections (body too large, bad framing) keep their status code.
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
            // The client went away.
        }
        catch (BadHttpRequestException exception)
        {
            await TryWriteAsync(context, exception.StatusCode, exception.StatusCode == StatusCodes.Status413PayloadTooLarge ? "request body over 16 KiB" : "bad request: " + exception.Message);
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
        await CaErrors.Write(context, status, message);
    }
}
