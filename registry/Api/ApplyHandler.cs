using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Registry.Api;

/// <summary>
/// <c>POST /api/v1/apply</c>: parse every document, validate them all together, and only when nothing is wrong write
/// each one, reporting created / configured / unchanged, and naming the documents skipped as not mesh config (the store decides, atomically, and skips unchanged content).
/// Applies run one at a time, and stale resource versions are checked before the first write so a conflict
/// normally leaves nothing half-applied. Writes go to the store of record (<see cref="IConfigWriter"/>): in Kubernetes
/// mode that is the API server, and the response says so.
/// </summary>
internal sealed class ApplyHandler(IConfigStore store, IConfigWriter writer, IMeshStateReader state, ILogger<ApplyHandler> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IResult> ApplyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (parsed, error) = await RequestBody.ParseAsync(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        var errors = ConfigChecks.ErrorsOf(parsed!);
        if (errors.Count > 0)
        {
            Log.ConfigRejected(logger, errors.Count);
            return ConfigChecks.Rejected(errors);
        }

        var skipped = ConfigChecks.SkippedOf(parsed!);
        if (parsed!.Resources.Count == 0 && skipped.Count == 0)
        {
            return ApiErrors.BadRequest("the request body holds no resources");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var references = await MixerReferenceChecks.ForWriteAsync(store, parsed.Resources, cancellationToken);
            if (references.Count > 0)
            {
                Log.ConfigRejected(logger, references.Count);
                return ConfigChecks.Rejected(references);
            }

            return await WriteAllAsync(parsed.Resources, skipped, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IResult> WriteAllAsync(IReadOnlyList<ConfigResource> resources, IReadOnlyList<string> skipped, CancellationToken cancellationToken)
    {
        foreach (var resource in resources)
        {
            if (await writer.StaleVersionAsync(resource, cancellationToken) is { } conflict)
            {
                return ApiErrors.Conflict(conflict);
            }
        }

        var results = new List<ApplyResult>(resources.Count);
        foreach (var resource in resources)
        {
            try
            {
                var (written, outcome) = await writer.PutAsync(resource, PutMode.Upsert, cancellationToken);
                var action = ActionOf(outcome);
                if (outcome != ConfigPutOutcome.Unchanged)
                {
                    Log.ConfigWritten(logger, action, written.Key);
                }

                results.Add(Result(written, action));
            }
            catch (ConfigConflictException exception)
            {
                return ApiErrors.Conflict(exception.Message);
            }
            catch (ConfigWriteException exception)
            {
                return ApiErrors.Result(exception.Status, exception.Message);
            }
        }

        var revision = await state.GetRevisionAsync(cancellationToken);
        var (created, configured) = (Count(results, ApplyActions.Created), Count(results, ApplyActions.Configured));
        Log.Applied(logger, results.Count, revision, created, configured, results.Count - created - configured);
        return Results.Json(new ApplyResponse(revision, results) { Skipped = skipped, StoreOfRecord = writer.StoreOfRecord }, MeshJson.Options);
    }

    private static string ActionOf(ConfigPutOutcome outcome) => outcome switch
    {
        ConfigPutOutcome.Created => ApplyActions.Created,
        ConfigPutOutcome.Configured => ApplyActions.Configured,
        _ => ApplyActions.Unchanged,
    };

    private static ApplyResult Result(ConfigResource resource, string action) =>
        new(resource.Kind, resource.Metadata.Namespace, resource.Metadata.Name, action, resource.Metadata.ResourceVersion);

    private static int Count(List<ApplyResult> results, string action) => results.Count(r => r.Action == action);
}
