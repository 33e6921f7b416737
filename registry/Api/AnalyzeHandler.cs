using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Analysis;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Registry.Api;

/// <summary>
/// <c>POST /api/v1/analyze</c>: cross-resource analysis of the live store merged with the body's resources
/// (the body wins on the same key). An empty body analyzes the live store alone.
/// </summary>
internal sealed class AnalyzeHandler(IConfigStore store, IServiceRegistry registry)
{
    public async Task<IResult> AnalyzeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (parsed, error) = await RequestBody.ParseAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var errors = ConfigChecks.ErrorsOf(parsed!);
        if (errors.Count > 0)
        {
            return ConfigChecks.Rejected(errors);
        }

        var configs = new SortedDictionary<ResourceKey, ConfigResource>();
        foreach (var resource in await store.ListAsync(cancellationToken: cancellationToken))
        {
            configs[resource.Key] = resource;
        }

        foreach (var resource in parsed!.Resources)
        {
            configs[resource.Key] = resource;
        }

        var instances = (await registry.ListAsync(cancellationToken: cancellationToken)).Select(lease => lease.Instance).ToList();
        var messages = ConfigAnalyzer.Analyze(configs.Values.ToList(), instances);
        return Results.Json(new AnalyzeResponse(messages), MeshJson.Options);
    }
}
