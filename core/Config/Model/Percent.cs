namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>Percent</c>: a share of traffic in the range 0.0 to 100.0, written <c>{ value: 12.5 }</c>.</summary>
public sealed record Percent
{
    public double Value { get; init; }
}
