using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model.Dapr;

/// <summary>
/// Dapr's <c>dapr.io/v1alpha1</c> <c>Component</c>: a named building-block implementation (<c>state.redis</c>,
/// <c>pubsub.redis</c>, <c>configuration.redis</c>) with its metadata. <c>scopes</c> and <c>auth</c> sit beside
/// <c>spec</c>, as in Dapr's own YAML.
/// </summary>
public sealed record DaprComponent : ConfigResource<ComponentSpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.Component;

    /// <summary>The app ids allowed to use the component; empty means every app in the namespace.</summary>
    [JsonPropertyOrder(2)]
    public ValueList<string> Scopes { get; init; }

    [JsonPropertyOrder(3)]
    public ComponentAuth? Auth { get; init; }
}

/// <summary>The component's type, version and metadata items.</summary>
public sealed record ComponentSpec
{
    /// <summary><c>state.redis</c>, <c>pubsub.redis</c> or <c>configuration.redis</c>.</summary>
    public string? Type { get; init; }

    public string? Version { get; init; }

    public ValueList<ComponentMetadataItem> Metadata { get; init; }

    public string? InitTimeout { get; init; }

    public bool? IgnoreErrors { get; init; }
}

/// <summary>
/// One metadata item: a plain <c>value</c> (any YAML scalar, kept as its text) or a <c>secretKeyRef</c> that the
/// sidecar resolves in its own secret store.
/// </summary>
public sealed record ComponentMetadataItem
{
    public string? Name { get; init; }

    [AnyScalar]
    public string? Value { get; init; }

    public SecretKeyRef? SecretKeyRef { get; init; }
}

/// <summary>A reference to one key of a named secret.</summary>
public sealed record SecretKeyRef
{
    public string? Name { get; init; }

    public string? Key { get; init; }
}

/// <summary>Which secret store resolves the component's <c>secretKeyRef</c>s.</summary>
public sealed record ComponentAuth
{
    public string? SecretStore { get; init; }
}
