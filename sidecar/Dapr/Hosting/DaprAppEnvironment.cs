using System.Globalization;
using GatewayMesh.Sidecar.Dapr.Settings;
using GatewayMesh.Sidecar.Supervision;

namespace GatewayMesh.Sidecar.Dapr.Hosting;

/// <summary>
/// What an app started by the sidecar needs to find its Dapr API, as <c>dapr run</c> sets it: <c>APP_ID</c>,
/// <c>APP_PORT</c> and <c>APP_PROTOCOL</c> (the port the sidecar reaches the app on, over http), <c>DAPR_HTTP_PORT</c>, <c>DAPR_GRPC_PORT</c>, <c>DAPR_HTTP_ENDPOINT</c>, <c>DAPR_GRPC_ENDPOINT</c>, and the tokens
/// (<c>DAPR_API_TOKEN</c> for calls to the sidecar, <c>APP_API_TOKEN</c> for the sidecar's calls to the app).
/// </summary>
internal sealed class DaprAppEnvironment(DaprApiOptions options, DaprListeners listeners) : IAppEnvironment
{
    public IEnumerable<KeyValuePair<string, string>> Variables()
    {
        yield return new("APP_ID", options.AppId);
        if (options.AppPort > 0)
        {
            yield return new("APP_PORT", options.AppPort.ToString(CultureInfo.InvariantCulture));
            yield return new("APP_PROTOCOL", "http");
        }

        if (listeners.HttpUri is { } http)
        {
            yield return new("DAPR_HTTP_PORT", http.Port.ToString(CultureInfo.InvariantCulture));
            yield return new("DAPR_HTTP_ENDPOINT", http.ToString().TrimEnd('/'));
        }

        if (listeners.GrpcUri is { } grpc)
        {
            yield return new("DAPR_GRPC_PORT", grpc.Port.ToString(CultureInfo.InvariantCulture));
            yield return new("DAPR_GRPC_ENDPOINT", grpc.ToString().TrimEnd('/'));
        }

        if (options.ApiToken is { } token)
        {
            yield return new("DAPR_API_TOKEN", token);
        }

        if (options.AppApiToken is { } appToken)
        {
            yield return new("APP_API_TOKEN", appToken);
        }
    }
}
