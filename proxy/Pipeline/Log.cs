using Microsoft.Extensions.Logging;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>Log messages of the request pipeline and its built-in steps. EventIds 3100-3199 belong to this folder.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "Unhandled error on the {Listener} listener while proxying {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string listener, string method, string path);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Request recorder {Recorder} failed")]
    public static partial void RecorderFailed(ILogger logger, Exception exception, string recorder);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Debug, Message = "No route for {Authority}{Path}")]
    public static partial void NoRoute(ILogger logger, string authority, string path);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Forwarding to {Cluster} ({Endpoint}) failed with {Error}")]
    public static partial void ForwardFailed(ILogger logger, Exception? exception, string cluster, string endpoint, string error);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Cluster {Cluster} ({Endpoint}) requires ISTIO_MUTUAL but this proxy has no workload certificate source; answered 503")]
    public static partial void MutualTlsUnavailable(ILogger logger, string cluster, string endpoint);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "{Listener} pipeline: {Steps}; recorders: {Recorders}")]
    public static partial void PipelineBuilt(ILogger logger, string listener, string steps, string recorders);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Debug, Message = "Mirror to {Cluster} failed")]
    public static partial void MirrorFailed(ILogger logger, Exception exception, string cluster);
}
