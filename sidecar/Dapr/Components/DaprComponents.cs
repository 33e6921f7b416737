using GatewayMesh.Core.Config.Model.Dapr;
using GatewayMesh.Sidecar.Dapr.Configuration;
using GatewayMesh.Sidecar.Dapr.PubSub;
using GatewayMesh.Sidecar.Dapr.State;

namespace GatewayMesh.Sidecar.Dapr.Components;

/// <summary>A component definition as this sidecar loaded it: where it came from, and why it failed if it did.</summary>
public sealed record LoadedComponent(DaprComponent Definition, string Source, string? Error);

/// <summary>
/// The app's building blocks at one moment, immutable: state stores, pub/subs and configuration stores by name, every
/// definition (for the metadata API), and the declarative subscriptions that apply to this app. Swapped whole.
/// </summary>
public sealed record DaprComponents(
    IReadOnlyDictionary<string, RedisStateStore> StateStores,
    IReadOnlyDictionary<string, RedisStreamsPubSub> PubSubs,
    IReadOnlyDictionary<string, RedisConfigurationStore> ConfigurationStores,
    IReadOnlyList<LoadedComponent> Loaded,
    IReadOnlyList<DaprSubscription> Subscriptions)
{
    public static DaprComponents Empty { get; } = new(
        new Dictionary<string, RedisStateStore>(), new Dictionary<string, RedisStreamsPubSub>(),
        new Dictionary<string, RedisConfigurationStore>(), [], []);

    public string? FailureOf(string name) => Loaded.FirstOrDefault(c => c.Definition.Metadata.Name == name)?.Error;
}
