namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>PolicyTargetReference</c>: a resource (e.g. a Gateway API Gateway or a Service) a policy attaches to.</summary>
public sealed record PolicyTargetReference
{
    public string? Group { get; init; }

    public string? Kind { get; init; }

    public string? Name { get; init; }

    public string? Namespace { get; init; }
}
