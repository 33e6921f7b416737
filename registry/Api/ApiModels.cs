using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Analysis;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Registry.Api;

/// <summary>What apply did to one resource: <c>created</c>, <c>configured</c> or <c>unchanged</c>.</summary>
internal sealed record ApplyResult(string Kind, string Namespace, string Name, string Action, string? ResourceVersion);

/// <summary>What apply did; <see cref="Skipped"/> names documents that are not mesh config (Kubernetes kinds), which it leaves alone.</summary>
internal sealed record ApplyResponse(long Revision, IReadOnlyList<ApplyResult> Results)
{
    public IReadOnlyList<string> Skipped { get; init; } = [];

    /// <summary>Set when the resources were written to another store of record (<c>kubernetes</c>), which the registry mirrors into Redis.</summary>
    public string? StoreOfRecord { get; init; }
}

internal sealed record ConfigList(long Revision, IReadOnlyList<ConfigResource> Items);

internal sealed record DeletedResponse(bool Deleted);

internal sealed record ValidateResponse(bool Valid, IReadOnlyList<string> Errors)
{
    public IReadOnlyList<string> Skipped { get; init; } = [];
}

internal sealed record AnalyzeResponse(IReadOnlyList<AnalysisMessage> Messages);

internal sealed record RegisterRequest(ServiceInstance? Instance, int? LeaseSeconds);

internal sealed record InstanceList(long Revision, IReadOnlyList<InstanceLease> Items);

internal sealed record RevisionResponse(long Revision);

internal static class ApplyActions
{
    public const string Created = "created";
    public const string Configured = "configured";
    public const string Unchanged = "unchanged";
}
