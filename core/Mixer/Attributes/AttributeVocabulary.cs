using System.Collections.Frozen;
using GatewayMesh.Core.Mixer.Expressions;

namespace GatewayMesh.Core.Mixer.Attributes;

/// <summary>One attribute: its name, number and type.</summary>
public sealed record AttributeInfo(string Name, MixerAttribute Id, CexlType Type);

/// <summary>
/// The attributes expressions may name, with their types, as Istio 1.x declared them. An expression naming anything
/// else does not type-check ("unknown attribute"). Which of them a proxy knows for a given call is the proxy's
/// business (docs/policy.md lists it); an attribute it does not know is undefined, as in Mixer.
/// </summary>
public static class AttributeVocabulary
{
    private static readonly AttributeInfo[] Table =
    [
        new("source.uid", MixerAttribute.SourceUid, CexlType.String),
        new("source.ip", MixerAttribute.SourceIp, CexlType.IpAddress),
        new("source.labels", MixerAttribute.SourceLabels, CexlType.StringMap),
        new("source.name", MixerAttribute.SourceName, CexlType.String),
        new("source.namespace", MixerAttribute.SourceNamespace, CexlType.String),
        new("source.principal", MixerAttribute.SourcePrincipal, CexlType.String),
        new("source.user", MixerAttribute.SourceUser, CexlType.String),
        new("source.owner", MixerAttribute.SourceOwner, CexlType.String),
        new("source.workload.uid", MixerAttribute.SourceWorkloadUid, CexlType.String),
        new("source.workload.name", MixerAttribute.SourceWorkloadName, CexlType.String),
        new("source.workload.namespace", MixerAttribute.SourceWorkloadNamespace, CexlType.String),
        new("destination.uid", MixerAttribute.DestinationUid, CexlType.String),
        new("destination.ip", MixerAttribute.DestinationIp, CexlType.IpAddress),
        new("destination.port", MixerAttribute.DestinationPort, CexlType.Int64),
        new("destination.labels", MixerAttribute.DestinationLabels, CexlType.StringMap),
        new("destination.name", MixerAttribute.DestinationName, CexlType.String),
        new("destination.namespace", MixerAttribute.DestinationNamespace, CexlType.String),
        new("destination.principal", MixerAttribute.DestinationPrincipal, CexlType.String),
        new("destination.owner", MixerAttribute.DestinationOwner, CexlType.String),
        new("destination.workload.uid", MixerAttribute.DestinationWorkloadUid, CexlType.String),
        new("destination.workload.name", MixerAttribute.DestinationWorkloadName, CexlType.String),
        new("destination.workload.namespace", MixerAttribute.DestinationWorkloadNamespace, CexlType.String),
        new("destination.container.name", MixerAttribute.DestinationContainerName, CexlType.String),
        new("destination.service.host", MixerAttribute.DestinationServiceHost, CexlType.String),
        new("destination.service.uid", MixerAttribute.DestinationServiceUid, CexlType.String),
        new("destination.service.name", MixerAttribute.DestinationServiceName, CexlType.String),
        new("destination.service.namespace", MixerAttribute.DestinationServiceNamespace, CexlType.String),
        new("origin.ip", MixerAttribute.OriginIp, CexlType.IpAddress),
        new("request.headers", MixerAttribute.RequestHeaders, CexlType.StringMap),
        new("request.id", MixerAttribute.RequestId, CexlType.String),
        new("request.path", MixerAttribute.RequestPath, CexlType.String),
        new("request.url_path", MixerAttribute.RequestUrlPath, CexlType.String),
        new("request.query_params", MixerAttribute.RequestQueryParams, CexlType.StringMap),
        new("request.host", MixerAttribute.RequestHost, CexlType.String),
        new("request.method", MixerAttribute.RequestMethod, CexlType.String),
        new("request.reason", MixerAttribute.RequestReason, CexlType.String),
        new("request.referer", MixerAttribute.RequestReferer, CexlType.String),
        new("request.scheme", MixerAttribute.RequestScheme, CexlType.String),
        new("request.size", MixerAttribute.RequestSize, CexlType.Int64),
        new("request.total_size", MixerAttribute.RequestTotalSize, CexlType.Int64),
        new("request.time", MixerAttribute.RequestTime, CexlType.Timestamp),
        new("request.useragent", MixerAttribute.RequestUserAgent, CexlType.String),
        new("request.auth.principal", MixerAttribute.RequestAuthPrincipal, CexlType.String),
        new("request.auth.audiences", MixerAttribute.RequestAuthAudiences, CexlType.String),
        new("request.auth.presenter", MixerAttribute.RequestAuthPresenter, CexlType.String),
        new("request.auth.claims", MixerAttribute.RequestAuthClaims, CexlType.StringMap),
        new("request.api_key", MixerAttribute.RequestApiKey, CexlType.String),
        new("response.headers", MixerAttribute.ResponseHeaders, CexlType.StringMap),
        new("response.size", MixerAttribute.ResponseSize, CexlType.Int64),
        new("response.total_size", MixerAttribute.ResponseTotalSize, CexlType.Int64),
        new("response.time", MixerAttribute.ResponseTime, CexlType.Timestamp),
        new("response.duration", MixerAttribute.ResponseDuration, CexlType.Duration),
        new("response.code", MixerAttribute.ResponseCode, CexlType.Int64),
        new("response.grpc_status", MixerAttribute.ResponseGrpcStatus, CexlType.String),
        new("response.grpc_message", MixerAttribute.ResponseGrpcMessage, CexlType.String),
        new("connection.id", MixerAttribute.ConnectionId, CexlType.String),
        new("connection.event", MixerAttribute.ConnectionEvent, CexlType.String),
        new("connection.received.bytes", MixerAttribute.ConnectionReceivedBytes, CexlType.Int64),
        new("connection.received.bytes_total", MixerAttribute.ConnectionReceivedBytesTotal, CexlType.Int64),
        new("connection.sent.bytes", MixerAttribute.ConnectionSentBytes, CexlType.Int64),
        new("connection.sent.bytes_total", MixerAttribute.ConnectionSentBytesTotal, CexlType.Int64),
        new("connection.duration", MixerAttribute.ConnectionDuration, CexlType.Duration),
        new("connection.mtls", MixerAttribute.ConnectionMtls, CexlType.Bool),
        new("connection.requested_server_name", MixerAttribute.ConnectionRequestedServerName, CexlType.String),
        new("context.protocol", MixerAttribute.ContextProtocol, CexlType.String),
        new("context.time", MixerAttribute.ContextTime, CexlType.Timestamp),
        new("context.reporter.kind", MixerAttribute.ContextReporterKind, CexlType.String),
        new("context.reporter.uid", MixerAttribute.ContextReporterUid, CexlType.String),
        new("context.proxy_error_code", MixerAttribute.ContextProxyErrorCode, CexlType.String),
        new("api.service", MixerAttribute.ApiService, CexlType.String),
        new("api.version", MixerAttribute.ApiVersion, CexlType.String),
        new("api.operation", MixerAttribute.ApiOperation, CexlType.String),
        new("api.protocol", MixerAttribute.ApiProtocol, CexlType.String),
        new("check.error_code", MixerAttribute.CheckErrorCode, CexlType.Int64),
        new("check.error_message", MixerAttribute.CheckErrorMessage, CexlType.String),
        new("check.cache_hit", MixerAttribute.CheckCacheHit, CexlType.Bool),
        new("quota.cache_hit", MixerAttribute.QuotaCacheHit, CexlType.Bool),
    ];

    private static readonly FrozenDictionary<string, AttributeInfo> ByName = Table.ToFrozenDictionary(a => a.Name, StringComparer.Ordinal);

    private static readonly AttributeInfo[] ById = [.. Table.OrderBy(a => a.Id)];

    public static IReadOnlyList<AttributeInfo> All => Table;

    public static AttributeInfo? Find(string name) => ByName.GetValueOrDefault(name);

    public static AttributeInfo Of(MixerAttribute id) => ById[(int)id];
}
