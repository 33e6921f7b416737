using System.Collections.Frozen;
using System.Globalization;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Dapr;

namespace GatewayMesh.Sidecar.Dapr.Components;

/// <summary>A component's metadata after secret references were resolved: name → value, read with daprd's defaults.</summary>
public sealed class ComponentMetadata(IReadOnlyDictionary<string, string> values)
{
    private readonly FrozenDictionary<string, string> _values = values.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Resolves every <c>secretKeyRef</c> through <paramref name="secrets"/>; a missing secret is an error naming the item.</summary>
    public static ComponentMetadata Resolve(DaprComponent component, ISecretResolver secrets)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in component.Spec.Metadata)
        {
            if (item.Name is null)
            {
                continue;
            }

            values[item.Name] = item.SecretKeyRef is { Name: { } secret, Key: { } key }
                ? secrets.Resolve(secret, key) ?? throw new InvalidOperationException(
                    $"metadata {item.Name}: secret {secret} has no key {key} in this sidecar's secret store")
                : item.Value ?? "";
        }

        return new ComponentMetadata(values);
    }

    public string? Get(string name) => _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public bool GetBool(string name, bool fallback) => Get(name) is { } value ? bool.Parse(value) : fallback;

    public int GetInt(string name, int fallback) => Get(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A Go-style duration (<c>60s</c>, <c>500ms</c>); <c>0</c> is zero (daprd: the feature is off).</summary>
    public TimeSpan GetDuration(string name, TimeSpan fallback) => Get(name) switch
    {
        null => fallback,
        "0" => TimeSpan.Zero,
        var text => MeshDuration.Parse(text).Value,
    };
}
