using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Serialization;
using GatewayMesh.Core.Hosting;

namespace GatewayMesh.Registry.Api;

/// <summary>The JSON error body of every failed call: <c>{"error": "...", "details": [...]}</c>.</summary>
internal sealed record ApiError(string Error, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Details = null);

/// <summary>Builds error responses in the one shape the API documents.</summary>
internal static class ApiErrors
{
    public static IResult Result(int status, string error, IReadOnlyList<string>? details = null) =>
        Results.Json(new ApiError(error, details), MeshJson.Options, statusCode: status);

    public static IResult BadRequest(string error, IReadOnlyList<string>? details = null) => Result(StatusCodes.Status400BadRequest, error, details);

    public static IResult NotFound(string error) => Result(StatusCodes.Status404NotFound, error);

    public static IResult Conflict(string error) => Result(StatusCodes.Status409Conflict, error);

    /// <summary>Writes an error directly, for middleware that runs outside endpoint routing.</summary>
    public static Task Write(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ApiError(error), MeshJson.Options, context.RequestAborted);
    }

    /// <summary>
    /// The registry API's last line of defence (<see cref="ApiErrorHandling"/>): a request that fails in an unexpected
    /// way gets a JSON error without a stack trace, logged with the registry's EventIds; the registry keeps serving.
    /// </summary>
    public static ApiErrorStyle Style(ILogger logger) => new(
        "request body too large (limit 1 MiB)",
        Write,
        (context, exception) => Log.UnhandledError(logger, exception, context.Request.Method, context.Request.Path),
        (context, status, message) => Log.BadRequest(logger, context.Request.Method, context.Request.Path, status, message));
}
