using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model.Mixer;

namespace GatewayMesh.Core.Config.Model.Policy;

/// <summary>
/// The mesh config (Istio's <c>MeshConfig</c>, kept as a resource <c>MeshConfig &lt;root namespace&gt;/default</c> in
/// the store so every proxy follows it): extension providers (<c>envoyExtAuthzHttp</c> for AuthorizationPolicy
/// <c>action: CUSTOM</c>) and the mesh's policy settings.
/// </summary>
public sealed record MeshConfigSpec
{
    public ValueList<MeshExtensionProvider> ExtensionProviders { get; init; }

    public MeshPolicySettings? Policy { get; init; }
}

/// <summary>
/// Istio's <c>MeshConfig.ExtensionProvider</c>: a name and one provider. <see cref="EnvoyExtAuthzHttp"/> is served by
/// the proxies; the other provider kinds are accepted as written and left to the features that read them.
/// </summary>
public sealed record MeshExtensionProvider
{
    public string? Name { get; init; }

    public EnvoyExtAuthzHttpProvider? EnvoyExtAuthzHttp { get; init; }

    public UntypedValue? EnvoyExtAuthzGrpc { get; init; }

    public UntypedValue? Zipkin { get; init; }

    public UntypedValue? Opentelemetry { get; init; }

    public UntypedValue? Prometheus { get; init; }

    public UntypedValue? EnvoyFileAccessLog { get; init; }

    public UntypedValue? EnvoyOtelAls { get; init; }

    public UntypedValue? Datadog { get; init; }

    public UntypedValue? Skywalking { get; init; }

    public UntypedValue? Stackdriver { get; init; }
}

/// <summary>Istio's <c>EnvoyExternalAuthorizationHttpProvider</c>: the authorizer's service and what is sent and copied back.</summary>
public sealed record EnvoyExtAuthzHttpProvider
{
    public string? Service { get; init; }

    public int? Port { get; init; }

    public MeshDuration? Timeout { get; init; }

    public string? PathPrefix { get; init; }

    public bool? FailOpen { get; init; }

    public string? StatusOnError { get; init; }

    public ValueList<string> IncludeRequestHeadersInCheck { get; init; }

    public ValueMap<string, string> IncludeAdditionalHeadersInCheck { get; init; }

    public UntypedValue? IncludeRequestBodyInCheck { get; init; }

    public ValueList<string> HeadersToUpstreamOnAllow { get; init; }

    public ValueList<string> HeadersToDownstreamOnAllow { get; init; }

    public ValueList<string> HeadersToDownstreamOnDeny { get; init; }
}

/// <summary>GatewayMesh's policy settings.</summary>
public sealed record MeshPolicySettings
{
    /// <summary>When the shared counters (Redis) cannot be reached, a <c>redisquota</c> or global rate limit lets the call through (true, the default) or refuses it (false). Each such decision is counted.</summary>
    public bool? QuotaFailOpen { get; init; }
}
