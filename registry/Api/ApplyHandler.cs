using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Registry.Api;

/// <summary>
/// <c>POST /api/v1/apply</c>: parse every document, validate them all together, and only when nothing is wrong write
/// them all through the store of record (<see cref="IConfigWriter.ApplyAsync"/>). In the default (Redis) mode that is one
/// atomic store step: a stale resource version anywhere rejects the whole apply with 409 and writes nothing, and a
/// registry killed meanwhile leaves all or none of it. In Kubernetes mode every version is checked first too, then the
/// custom resources are written one at a time (docs/registry-api.md says what that leaves atomic). Each result says
/// created / configured / unchanged; documents that are not mesh config are named as skipped. Applies on one replica
/// run one at a time (the Mixer reference checks read the store first). While the store is unreachable or failing over,
/// an apply answers 503 with <c>Retry-After</c> within the write timeout (<see cref="WriteBudget"/>), having changed
/// nothing; an apply waiting behind one that waits for the store is bounded the same way.
/// </summary>
internal sealed class ApplyHandler(IConfigStore store, IConfigWriter writer, IMeshStateReader state, WriteBudget budget, ILogger<ApplyHandler> logger)
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

        using var bound = budget.Start(cancellationToken);
        try
        {
            await _gate.WaitAsync(bound.Token);
        }
        catch (OperationCanceledException exception) when (WriteBudget.IsUnavailable(exception, cancellationToken))
        {
            return budget.Unavailable(request.HttpContext, new ConfigStoreUnavailableException("an earlier apply is still waiting for the store; nothing was written", nothingWritten: true));
        }

        try
        {
            var references = await MixerReferenceChecks.ForWriteAsync(store, parsed.Resources, bound.Token);
            if (references.Count > 0)
            {
                Log.ConfigRejected(logger, references.Count);
                return ConfigChecks.Rejected(references);
            }

            return await WriteAllAsync(parsed.Resources, skipped, cancellationToken);
        }
        catch (Exception exception) when (WriteBudget.IsUnavailable(exception, cancellationToken))
        {
            return budget.Unavailable(request.HttpContext, exception);
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
            written = await writer.ApplyAsync(resources, cancellationToken);
        }
        catch (ConfigConflictException exception)
        {
            return ApiErrors.Conflict(exception.Message);
        }
        catch (ConfigWriteException exception)
        {
            return ApiErrors.Result(exception.Status, exception.Message);
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

        var revision = await RevisionAsync(written, cancellationToken);
        var (created, configured) = (Count(results, ApplyActions.Created), Count(results, ApplyActions.Configured));
        Log.Applied(logger, results.Count, revision, created, configured, results.Count - created - configured);
        return Results.Json(new ApplyResponse(revision, results) { Skipped = skipped, StoreOfRecord = writer.StoreOfRecord }, MeshJson.Options);
    }

    // Written to the store itself: the revision of this apply's last write (what a client waits for), or with nothing
    // written the store's, at least as new as every result. Through another store of record (Kubernetes) the results
    // carry that store's versions, so the answer is the store's revision now.
    // Nothing was written to the store when it is read here in Redis mode, so a store that is gone by now is a 503 that
    // is true; the read is bounded like the rest of the apply.
    private async Task<long> RevisionAsync(IReadOnlyList<ConfigPutResult> written, CancellationToken cancellationToken)
    {
        var revision = writer.StoreOfRecord is not null ? 0 : written.Where(r => r.Outcome != ConfigPutOutcome.Unchanged)
            .Select(r => long.Parse(r.Resource.Metadata.ResourceVersion!, System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Max();
        if (revision > 0)
        {
            return revision;
        }

        using var bound = budget.Start(cancellationToken);
        try
        {
            return await state.GetRevisionAsync(bound.Token);
        }
        catch (Exception exception) when (writer.StoreOfRecord is not null && WriteBudget.IsUnavailable(exception, cancellationToken))
        {
            return 0; // written to the store of record; the mirror's revision cannot be read right now
        }
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
