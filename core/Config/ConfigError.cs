namespace GatewayMesh.Core.Config;

/// <summary>
/// One problem found in a config, naming the resource and the exact field path, e.g.
/// <c>VirtualService default/reviews: spec.http[0].route[1].weight: weight must be >= 0, got -40</c>.
/// </summary>
/// <param name="Resource">"Kind namespace/name", or "document N" (1-based, with the source name when known) before the kind and name are known.</param>
/// <param name="Path">The field path from the document root, e.g. <c>spec.http[0].route[1].weight</c>; empty for the whole document.</param>
/// <param name="Message">What is wrong, in a few words, with a hint where one helps.</param>
public sealed record ConfigError(string Resource, string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? $"{Resource}: {Message}" : $"{Resource}: {Path}: {Message}";
}
