using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Serialization;

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
}
