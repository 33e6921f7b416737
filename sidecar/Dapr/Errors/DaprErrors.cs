using Grpc.Core;

namespace GatewayMesh.Sidecar.Dapr.Errors;

/// <summary>The errors of the Dapr API, with daprd's codes, HTTP statuses and gRPC status codes.</summary>
public static class DaprErrors
{
    public static DaprApiException Malformed(string message) => new(400, StatusCode.InvalidArgument, "ERR_MALFORMED_REQUEST", message);

    public static DaprApiException TooLarge(string what, long limit) =>
        new(413, StatusCode.ResourceExhausted, "ERR_MALFORMED_REQUEST", $"{what} is larger than the limit of {limit} bytes");

    public static DaprApiException StateStoreNotFound(string name) =>
        new(400, StatusCode.InvalidArgument, "ERR_STATE_STORE_NOT_FOUND", $"state store {name} is not found");

    public static DaprApiException StateStoresNotConfigured() =>
        new(500, StatusCode.FailedPrecondition, "ERR_STATE_STORE_NOT_CONFIGURED", "state store is not configured");

    public static DaprApiException StateStore(string code, string store, string verb, Exception inner) =>
        new(500, StatusCode.Internal, code, $"failed {verb} state in state store {store}: {inner.Message}", inner);

    public static DaprApiException ETagMismatch(string code, string store, string key) =>
        new(409, StatusCode.Aborted, code, $"failed saving state in state store {store}: possible etag mismatch for key {key}");

    public static DaprApiException ETagInvalid(string code, string store, string etag) =>
        new(400, StatusCode.InvalidArgument, code, $"failed saving state in state store {store}: invalid etag value \"{etag}\"");

    public static DaprApiException PubSubNotFound(string name) =>
        new(400, StatusCode.InvalidArgument, "ERR_PUBSUB_NOT_FOUND", $"pubsub {name} is not found");

    public static DaprApiException PubSubEmpty() => new(404, StatusCode.InvalidArgument, "ERR_PUBSUB_EMPTY", "pubsub name is empty");

    public static DaprApiException TopicEmpty(string pubsub) =>
        new(404, StatusCode.InvalidArgument, "ERR_TOPIC_NAME_EMPTY", $"topic is empty in pubsub {pubsub}");

    public static DaprApiException CloudEvent(string message) =>
        new(400, StatusCode.InvalidArgument, "ERR_PUBSUB_CLOUD_EVENTS_SER", message);

    public static DaprApiException Publish(string pubsub, string topic, Exception inner) =>
        new(500, StatusCode.Internal, "ERR_PUBSUB_PUBLISH_MESSAGE", $"error when publish to topic {topic} in pubsub {pubsub}: {inner.Message}", inner);

    public static DaprApiException ConfigurationStoreNotFound(string name) =>
        new(400, StatusCode.InvalidArgument, "ERR_CONFIGURATION_STORE_NOT_FOUND", $"configuration store {name} not found");

    public static DaprApiException Configuration(string code, string store, Exception inner) =>
        new(500, StatusCode.Internal, code, $"failed on configuration store {store}: {inner.Message}", inner);

    public static DaprApiException Unauthorized() =>
        new(401, StatusCode.Unauthenticated, "ERR_UNAUTHORIZED", "authentication error: api token mismatch");

    public static DaprApiException InvokeMalformed(string message) =>
        new(400, StatusCode.InvalidArgument, "ERR_DIRECT_INVOKE", $"failed to invoke: {message}");

    public static DaprApiException DirectInvoke(string appId, string reason) =>
        new(500, StatusCode.Internal, "ERR_DIRECT_INVOKE", $"failed to invoke, id: {appId}, err: {reason}");

    public static DaprApiException NotImplemented(string call) =>
        new(501, StatusCode.Unimplemented, "ERR_NOT_IMPLEMENTED", $"{call} is not implemented by the GatewayMesh sidecar");
}
