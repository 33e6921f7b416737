using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>HTTPMatchRequest</c>: conditions on an HTTP request; all set fields must match.</summary>
public sealed record HttpMatchRequest
{
    public string? Name { get; init; }

    public StringMatch? Uri { get; init; }

    public StringMatch? Scheme { get; init; }

    public StringMatch? Method { get; init; }

    public StringMatch? Authority { get; init; }

    public ValueMap<string, StringMatch> Headers { get; init; }

    public int? Port { get; init; }

    public ValueMap<string, string> SourceLabels { get; init; }

    public ValueList<string> Gateways { get; init; }

    public ValueMap<string, StringMatch> QueryParams { get; init; }

    public bool? IgnoreUriCase { get; init; }

    public ValueMap<string, StringMatch> WithoutHeaders { get; init; }

    public string? SourceNamespace { get; init; }

    public string? StatPrefix { get; init; }
}
