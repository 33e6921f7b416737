using System.Globalization;
using GatewayMesh.Sidecar.Dapr.Components;
using GatewayMesh.Sidecar.Dapr.Configuration;
using GatewayMesh.Sidecar.Dapr.Errors;
using GatewayMesh.Sidecar.Dapr.Http;
using GatewayMesh.Sidecar.Dapr.PubSub;
using GatewayMesh.Sidecar.Dapr.Settings;
using GatewayMesh.Sidecar.Dapr.State;

namespace GatewayMesh.Sidecar.Dapr;

/// <summary>
/// What the HTTP and gRPC fronts share: finding a component by name (with daprd's errors), the publish path (CloudEvent
/// envelope or raw payload, then <c>XADD</c>), and the extended metadata apps set.
/// </summary>
public sealed class DaprRuntime(DaprApiOptions options, ComponentCatalog catalog, TimeProvider time)
{
    private readonly Dictionary<string, string> _extended = new(StringComparer.Ordinal);
    private readonly Lock _extendedGate = new();

    public DaprApiOptions Options { get; } = options;

    public DaprComponents Components => catalog.Current;

    public RedisStateStore StateStore(string? name)
    {
        var components = catalog.Current;
        if (components.StateStores.Count == 0 && components.FailureOf(name ?? "") is null)
        {
            throw DaprErrors.StateStoresNotConfigured();
        }

        return components.StateStores.TryGetValue(name ?? "", out var store) ? store : throw NotFound(name, components, DaprErrors.StateStoreNotFound);
    }

    public RedisStreamsPubSub PubSub(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw DaprErrors.PubSubEmpty();
        }

        var components = catalog.Current;
        return components.PubSubs.TryGetValue(name, out var pubsub) ? pubsub : throw NotFound(name, components, DaprErrors.PubSubNotFound);
    }

    public RedisConfigurationStore ConfigurationStore(string? name)
    {
        var components = catalog.Current;
        return components.ConfigurationStores.TryGetValue(name ?? "", out var store) ? store : throw NotFound(name, components, DaprErrors.ConfigurationStoreNotFound);
    }

    /// <summary>Wraps the payload (unless <c>rawPayload</c> is set) and appends it to the topic's stream.</summary>
    public async Task PublishAsync(string? pubsubName, string? topic, ReadOnlyMemory<byte> data, string? contentType,
        IReadOnlyDictionary<string, string> metadata, string? traceParent, string? traceState)
    {
        var pubsub = PubSub(pubsubName);
        if (string.IsNullOrEmpty(topic))
        {
            throw DaprErrors.TopicEmpty(pubsub.Name);
        }

        Limits.Key(topic, Options, "topic");
        Limits.CheckMetadata(metadata, Options);
        var raw = metadata.TryGetValue("rawPayload", out var flag) && bool.TryParse(flag, out var on) && on;
        var payload = raw
            ? data
            : CloudEvents.Envelope(new CloudEvents.Publish(pubsub.Name, topic, Options.AppId, data, contentType, metadata, traceParent, traceState, time.GetUtcNow()));
        await pubsub.PublishAsync(topic, payload, metadata);
    }

    /// <summary><c>ttlInSeconds</c> from request metadata: a positive TTL, -1 for none; anything else is a 400.</summary>
    public static int? Ttl(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue("ttlInSeconds", out var text) || text.Length == 0)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ttl) && ttl >= -1
            ? (ttl == 0 ? -1 : ttl)
            : throw DaprErrors.Malformed($"ttlInSeconds: expected an integer of at least -1, got \"{text}\"");
    }

    public IReadOnlyDictionary<string, string> ExtendedMetadata()
    {
        lock (_extendedGate)
        {
            return new Dictionary<string, string>(_extended, StringComparer.Ordinal);
        }
    }

    public void SetMetadata(string key, string value)
    {
        Limits.Key(key, Options, "metadata key");
        Limits.CheckMetadata(new Dictionary<string, string> { [key] = value }, Options);
        lock (_extendedGate)
        {
            if (!_extended.ContainsKey(key) && _extended.Count >= Options.MaxMetadataEntries)
            {
                throw DaprErrors.Malformed($"too many metadata entries: at most {Options.MaxMetadataEntries}");
            }

            _extended[key] = value;
        }
    }

    private static DaprApiException NotFound(string? name, DaprComponents components, Func<string, DaprApiException> error)
    {
        var failure = components.FailureOf(name ?? "");
        var exception = error(name ?? "");
        return failure is null
            ? exception
            : new DaprApiException(exception.HttpStatus, exception.GrpcStatus, exception.ErrorCode, $"{exception.Message}: it failed to load: {failure}");
    }
}
