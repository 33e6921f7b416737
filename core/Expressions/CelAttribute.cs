using System.Collections.Frozen;

namespace GatewayMesh.Core.Expressions;

/// <summary>The attributes an expression can name, as Envoy spells them.</summary>
public enum CelAttribute
{
    RequestPath,
    RequestUrlPath,
    RequestHost,
    RequestScheme,
    RequestMethod,
    RequestReferer,
    RequestUserAgent,
    RequestId,
    RequestProtocol,
    RequestQuery,
    RequestSize,
    RequestTotalSize,
    RequestDurationMs,
    ResponseCode,
    ResponseCodeDetails,
    ResponseGrpcStatus,
    ResponseSize,
    ResponseTotalSize,
    ConnectionMtls,
    ConnectionRequestedServerName,
    ConnectionTlsVersion,
    SourceAddress,
    SourcePort,
    DestinationAddress,
    DestinationPort,
    UpstreamAddress,
    UpstreamPort,
    XdsClusterName,
    XdsRouteName,
}

/// <summary>Dotted names to attributes, and which names are header maps.</summary>
internal static class CelAttributes
{
    public const string RequestHeaders = "request.headers";
    public const string ResponseHeaders = "response.headers";

    public static readonly FrozenDictionary<string, CelAttribute> ByName = new Dictionary<string, CelAttribute>(StringComparer.Ordinal)
    {
        ["request.path"] = CelAttribute.RequestPath,
        ["request.url_path"] = CelAttribute.RequestUrlPath,
        ["request.host"] = CelAttribute.RequestHost,
        ["request.scheme"] = CelAttribute.RequestScheme,
        ["request.method"] = CelAttribute.RequestMethod,
        ["request.referer"] = CelAttribute.RequestReferer,
        ["request.useragent"] = CelAttribute.RequestUserAgent,
        ["request.id"] = CelAttribute.RequestId,
        ["request.protocol"] = CelAttribute.RequestProtocol,
        ["request.query"] = CelAttribute.RequestQuery,
        ["request.size"] = CelAttribute.RequestSize,
        ["request.total_size"] = CelAttribute.RequestTotalSize,
        ["request.duration"] = CelAttribute.RequestDurationMs,
        ["response.code"] = CelAttribute.ResponseCode,
        ["response.code_details"] = CelAttribute.ResponseCodeDetails,
        ["response.grpc_status"] = CelAttribute.ResponseGrpcStatus,
        ["response.size"] = CelAttribute.ResponseSize,
        ["response.total_size"] = CelAttribute.ResponseTotalSize,
        ["connection.mtls"] = CelAttribute.ConnectionMtls,
        ["connection.requested_server_name"] = CelAttribute.ConnectionRequestedServerName,
        ["connection.tls_version"] = CelAttribute.ConnectionTlsVersion,
        ["source.address"] = CelAttribute.SourceAddress,
        ["source.port"] = CelAttribute.SourcePort,
        ["destination.address"] = CelAttribute.DestinationAddress,
        ["destination.port"] = CelAttribute.DestinationPort,
        ["upstream.address"] = CelAttribute.UpstreamAddress,
        ["upstream.port"] = CelAttribute.UpstreamPort,
        ["xds.cluster_name"] = CelAttribute.XdsClusterName,
        ["xds.route_name"] = CelAttribute.XdsRouteName,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEnumerable<string> Names => ByName.Keys.Concat([RequestHeaders, ResponseHeaders]).Order(StringComparer.Ordinal);
}
