namespace GatewayMesh.Ingress;

/// <summary>Log messages of the ingress host. EventIds 4001-4099 belong to this project.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Ingress listening on {HttpUrl}, admin on {AdminUrl}, serving gateways selected by {Labels}")]
    public static partial void Listening(ILogger logger, string httpUrl, string adminUrl, string labels);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Reading mesh state from {Redis}")]
    public static partial void UsingRedis(ILogger logger, string redis);
}
