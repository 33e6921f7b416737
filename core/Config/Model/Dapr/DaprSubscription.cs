using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model.Dapr;

/// <summary>
/// Dapr's declarative <c>dapr.io/v2alpha1</c> <c>Subscription</c>: which app routes (paths) receive a topic's events,
/// chosen by CEL <c>match</c> rules, with an optional dead-letter topic.
/// </summary>
public sealed record DaprSubscription : ConfigResource<SubscriptionSpec>
{
    [JsonIgnore]
    public override string Kind => ResourceKinds.Subscription;

    /// <summary>The app ids that subscribe; empty means every app in the namespace.</summary>
    [JsonPropertyOrder(2)]
    public ValueList<string> Scopes { get; init; }
}

public sealed record SubscriptionSpec
{
    [JsonPropertyName("pubsubname")]
    public string? PubsubName { get; init; }

    public string? Topic { get; init; }

    public SubscriptionRoutes? Routes { get; init; }

    public ValueMap<string, string> Metadata { get; init; }

    public string? DeadLetterTopic { get; init; }

    public BulkSubscribe? BulkSubscribe { get; init; }
}

/// <summary>Rules tried in order (the first whose CEL <c>match</c> is true wins), else <c>default</c>.</summary>
public sealed record SubscriptionRoutes
{
    public ValueList<SubscriptionRule> Rules { get; init; }

    public string? Default { get; init; }
}

public sealed record SubscriptionRule
{
    public string? Match { get; init; }

    public string? Path { get; init; }
}

public sealed record BulkSubscribe
{
    public bool? Enabled { get; init; }

    public int? MaxMessagesCount { get; init; }

    public int? MaxAwaitDurationMs { get; init; }
}
