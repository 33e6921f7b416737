using System.Security.Cryptography;
using System.Text;
using GatewayMesh.Sidecar.Dapr.Errors;
using GatewayMesh.Sidecar.Dapr.Settings;

namespace GatewayMesh.Sidecar.Dapr.Http;

/// <summary>
/// <c>dapr-api-token</c>: when the sidecar has a token, every HTTP and gRPC call without it (compared in constant time)
/// gets 401 / <c>Unauthenticated</c>, as daprd answers; the health endpoints stay open so the SDK can wait for the sidecar.
/// Also applies the Dapr API's body limit to the request.
/// </summary>
internal sealed class ApiTokenMiddleware(RequestDelegate next, DaprApiOptions options, ILogger<ApiTokenMiddleware> logger)
{
    private readonly byte[]? _token = options.ApiToken is { } token ? Encoding.UTF8.GetBytes(token) : null;

    public async Task InvokeAsync(HttpContext context)
    {
        HttpIo.ApplyBodyLimit(context, options);
        if (_token is null || IsHealth(context.Request.Path) || Matches(context.Request.Headers["dapr-api-token"].ToString()))
        {
            await next(context);
            return;
        }

        Log.TokenRefused(logger);
        var error = DaprErrors.Unauthorized();
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = ((int)error.GrpcStatus).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.Response.Headers["grpc-message"] = error.Message;
            return;
        }

        await HttpIo.WriteErrorAsync(context, error);
    }

    private bool Matches(string presented) =>
        presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _token);

    private static bool IsHealth(PathString path) =>
        path.Equals("/v1.0/healthz", StringComparison.Ordinal) || path.Equals("/v1.0/healthz/outbound", StringComparison.Ordinal);
}
