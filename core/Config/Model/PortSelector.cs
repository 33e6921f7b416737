namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>PortSelector</c>: picks a port of a destination service by number.</summary>
public sealed record PortSelector
{
    public int? Number { get; init; }
}
