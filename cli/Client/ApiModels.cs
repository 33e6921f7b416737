using System.Text.Json;

namespace GatewayMesh.Cli.Client;

// Response bodies of the registry API (docs/registry-api.md), read with web (camelCase) JSON defaults.
// Resources and instances stay JsonElement so the CLI prints whatever the server stores, field for field.

internal sealed record ApplyResponse(long Revision, IReadOnlyList<ApplyResult> Results)
{
    /// <summary>Documents the registry left alone because they are not mesh config (e.g. a Kubernetes Service).</summary>
    public IReadOnlyList<string>? Skipped { get; init; }

    /// <summary><c>kubernetes</c> when the registry wrote custom resources through the API server (its Kubernetes mode).</summary>
    public string? StoreOfRecord { get; init; }
}

internal sealed record ApplyResult(string Kind, string Namespace, string Name, string Action, string? ResourceVersion);

internal sealed record ItemsResponse(long Revision, IReadOnlyList<JsonElement> Items);

internal sealed record RevisionResponse(long Revision);

internal sealed record AnalyzeResponse(IReadOnlyList<AnalysisMessageDto> Messages);

internal sealed record AnalysisMessageDto(string Code, string Level, string Resource, string? Path, string Message);

internal sealed record ErrorResponse(string? Error, IReadOnlyList<string>? Details);
