using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using GatewayMesh.Core.Collections;
using GatewayMesh.Proxy.Pipeline;

namespace GatewayMesh.Proxy.Telemetry.Peers;

/// <summary>
/// Istio's HTTP metadata exchange between mesh hops: <c>x-envoy-peer-metadata</c> carries the sender's workload
/// metadata (base64 of a protobuf <c>Struct</c> with Istio's keys <c>NAME</c>, <c>NAMESPACE</c>, <c>WORKLOAD_NAME</c>,
/// <c>LABELS</c>, <c>CLUSTER_ID</c>, <c>SERVICE_ACCOUNT</c>, <c>MESH_ID</c>), <c>x-envoy-peer-metadata-id</c> its node
/// id. The client side sends both on requests, the server side on responses, and both are removed at the mesh's edges
/// (the ingress from outside requests and toward outside clients, the sidecar toward its app and from what the app
/// sends). A proxy encodes its own once; decoded values are cached by header value, so a known peer costs one lookup.
/// </summary>
public static class PeerMetadata
{
    public const string HeaderName = "x-envoy-peer-metadata";
    public const string IdHeaderName = "x-envoy-peer-metadata-id";

    /// <summary>Longer values are ignored (the peer is then unknown).</summary>
    public const int MaxHeaderLength = 8 * 1024;

    private const int MaxCached = 1024;
    private static readonly ConcurrentDictionary<string, WorkloadInfo> Cache = new(StringComparer.Ordinal);

    /// <summary>The header value describing <paramref name="self"/>.</summary>
    public static string Encode(WorkloadInfo self, string meshId)
    {
        var labels = new Struct();
        foreach (var (key, value) in self.Labels)
        {
            labels.Fields[key] = Value.ForString(value);
        }

        var metadata = new Struct();
        metadata.Fields["NAME"] = Value.ForString(self.Name);
        metadata.Fields["WORKLOAD_NAME"] = Value.ForString(self.Name);
        metadata.Fields["NAMESPACE"] = Value.ForString(self.Namespace);
        metadata.Fields["CLUSTER_ID"] = Value.ForString(self.Cluster);
        metadata.Fields["MESH_ID"] = Value.ForString(meshId);
        metadata.Fields["LABELS"] = Value.ForStruct(labels);
        if (self.ServiceAccount is { } account)
        {
            metadata.Fields["SERVICE_ACCOUNT"] = Value.ForString(account);
        }

        return Convert.ToBase64String(metadata.ToByteArray());
    }

    /// <summary>Envoy's node id for the peer-metadata id header: <c>sidecar~IP~NAME.NAMESPACE~NAMESPACE.svc.cluster.local</c>.</summary>
    public static string NodeId(string role, string address, WorkloadInfo self) =>
        $"{role}~{address}~{self.Name}.{self.Namespace}~{self.Namespace}.svc.cluster.local";

    /// <summary>The workload a header value describes; null for a missing, oversized or malformed value.</summary>
    public static WorkloadInfo? Decode(string? header)
    {
        if (string.IsNullOrEmpty(header) || header.Length > MaxHeaderLength)
        {
            return null;
        }

        if (Cache.TryGetValue(header, out var cached))
        {
            return cached;
        }

        var decoded = Parse(header);
        if (decoded is not null && Cache.Count < MaxCached)
        {
            Cache.TryAdd(header, decoded);
        }

        return decoded;
    }

    private static WorkloadInfo? Parse(string header)
    {
        Struct metadata;
        try
        {
            metadata = Struct.Parser.ParseFrom(Convert.FromBase64String(header));
        }
        catch (Exception ex) when (ex is FormatException or InvalidProtocolBufferException)
        {
            return null;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata.Fields.TryGetValue("LABELS", out var labelValue) && labelValue.StructValue is { } labelStruct)
        {
            foreach (var (key, value) in labelStruct.Fields)
            {
                if (value.KindCase == Value.KindOneofCase.StringValue)
                {
                    labels[key] = value.StringValue;
                }
            }
        }

        return WorkloadInfo.From(
            Text(metadata, "WORKLOAD_NAME") ?? Text(metadata, "NAME"),
            Text(metadata, "NAMESPACE"),
            new ValueMap<string, string>(labels),
            Text(metadata, "CLUSTER_ID"),
            Text(metadata, "SERVICE_ACCOUNT"));
    }

    private static string? Text(Struct metadata, string key) =>
        metadata.Fields.TryGetValue(key, out var value) && value.KindCase == Value.KindOneofCase.StringValue ? value.StringValue : null;
}
