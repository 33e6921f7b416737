namespace GatewayMesh.Core.Expressions;

/// <summary>
/// The attributes one evaluation reads (Envoy's CEL vocabulary: <c>request.*</c>, <c>response.*</c>,
/// <c>connection.*</c>, <c>source.*</c>, <c>destination.*</c>, <c>upstream.*</c>, <c>xds.*</c>). The data plane
/// implements it over the finished request; attributes it cannot know answer <see cref="CelValue.Null"/>.
/// </summary>
public interface ICelActivation
{
    CelValue Get(CelAttribute attribute);

    /// <summary>A request (or response) header by name, case-insensitively; null when absent.</summary>
    string? Header(string name, bool response);
}
