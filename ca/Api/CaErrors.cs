using System.Globalization;
using GatewayMesh.Core.Hosting;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ca.Api;

/// <summary>Every error the CA answers is a <see cref="CaError"/>: one line.</summary>
internal static class CaErrors
{
    public static IResult Result(int status, string message) =>
        Results.Json(new CaError(message), CaJson.Default.CaError, statusCode: status);

    public static IResult TooManyRequests(HttpContext context, string message, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Result(StatusCodes.Status429TooManyRequests, message);
    }

    public static Task Write(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new CaError(message), CaJson.Default.CaError);
    }

    /// <summary>
    /// The CA API's last line of defence (<see cref="ApiErrorHandling"/>): anything unexpected becomes a <c>500</c>
    /// CaError without a stack trace, logged with the CA's EventId; the CA keeps serving.
    /// </summary>
    public static ApiErrorStyle Style(ILogger logger) => new(
        "request body over 16 KiB",
        Write,
        (context, exception) => Log.UnhandledError(logger, exception, context.Request.Method, context.Request.Path));
}
