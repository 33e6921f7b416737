using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>The spec of an Istio <c>ProxyConfig</c> (<c>networking.istio.io/v1beta1</c>): per-workload proxy settings.</summary>
public sealed record ProxyConfigSpec
{
    public WorkloadSelector? Selector { get; init; }

    /// <summary>Worker threads of the proxy; 0 means as many as the machine has cores.</summary>
    public int? Concurrency { get; init; }

    public ValueMap<string, string> EnvironmentVariables { get; init; }

    public ProxyImage? Image { get; init; }
}

/// <summary>Istio's <c>ProxyImage</c>: which proxy image flavour (<c>default</c>, <c>debug</c>, <c>distroless</c>) to inject.</summary>
public sealed record ProxyImage
{
    public string? ImageType { get; init; }
}
