using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Registry.Api;

/// <summary>
/// <c>POST /api/v1/apply</c>: parse every document, validate them all together, and only when nothing is wrong write
/// them all in one atomic store step (<see cref="IConfigStore.ApplyAsync"/>): a stale resource version anywhere rejects
/// the whole apply with 409 and writes nothing, and a registry killed meanwhile leaves all or none of it. Each result
/// says created / configured / unchanged; documents that are not mesh config are named as skipped. Applies on one
/// replica run one at a time (the Mixer reference checks read the store first); Redis orders the writes of all replicas.
/// </summary>
internal sealed class ApplyHandler(IConfigStore store, IMeshStateReader state, ILogger<ApplyHandler> logger)
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
        IReadOnlyList<ConfigPutResult> written;
        try
        {
            written = await store.ApplyAsync(resources, cancellationToken);
        }
        catch (ConfigConflictException exception)
        {
            return ApiErrors.Conflict(exception.Message);
        }

        var results = new List<ApplyResult>(written.Count);
        foreach (var (resource, outcome) in written)
        {
            var action = ActionOf(outcome);
            if (outcome != ConfigPutOutcome.Unchanged)
            {
                Log.ConfigWritten(logger, action, resource.Key);
            }

            results.Add(Result(resource, action));
        }

        // the revision of this apply's last write; with nothing written, the store's (at least as new as every result)
        var revision = written.Where(r => r.Outcome != ConfigPutOutcome.Unchanged)
            .Select(r => long.Parse(r.Resource.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Max();
        if (revision == 0)
        {
            revision = await state.GetRevisionAsync(cancellationToken);
        }

        var (created, configured) = (Count(results, ApplyActions.Created), Count(results, ApplyActions.Configured));
        Log.Applied(logger, results.Count, revision, created, configured, results.Count - created - configured);
        return Results.Json(new ApplyResponse(revision, results) { Skipped = skipped }, MeshJson.Options);
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
