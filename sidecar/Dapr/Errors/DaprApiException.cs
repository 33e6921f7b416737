using Grpc.Core;

namespace GatewayMesh.Sidecar.Dapr.Errors;

/// <summary>
/// A failure the Dapr API reports as daprd does: an <c>errorCode</c> (<c>ERR_STATE_GET</c>, ...), a message, the HTTP
/// status of the HTTP API and the gRPC status code of the gRPC API.
/// </summary>
public sealed class DaprApiException(int httpStatus, StatusCode grpcStatus, string errorCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public int HttpStatus { get; } = httpStatus;

    public StatusCode GrpcStatus { get; } = grpcStatus;

    public string ErrorCode { get; } = errorCode;

    public RpcException ToRpcException() => new(new Status(GrpcStatus, Message));
}
