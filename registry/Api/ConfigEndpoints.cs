using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Registry.Api;

/// <summary>The <c>/api/v1/configs</c>, <c>/apply</c>, <c>/validate</c>, <c>/analyze</c> and <c>/revision</c> endpoints.</summary>
internal static class ConfigEndpoints
{
    private const string ItemRoute = "/configs/{kind}/{namespace}/{name}";

    public static void MapConfigEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/apply", (HttpRequest request, ApplyHandler handler, CancellationToken ct) => handler.ApplyAsync(request, ct));
        api.MapPost("/validate", ValidateAsync);
        api.MapPost("/analyze", (HttpRequest request, AnalyzeHandler handler, CancellationToken ct) => handler.AnalyzeAsync(request, ct));
        api.MapPost("/configs", CreateAsync);
        api.MapGet("/configs", ListAsync);
        api.MapGet(ItemRoute, GetAsync);
        api.MapPut(ItemRoute, ReplaceAsync);
        api.MapDelete(ItemRoute, DeleteAsync);
        api.MapGet("/revision", async (IMeshStateReader state, CancellationToken ct) =>
            Results.Json(new RevisionResponse(await state.GetRevisionAsync(ct)), MeshJson.Options));
    }

    private static async Task<IResult> ValidateAsync(HttpRequest request, IConfigStore store, CancellationToken ct)
    {
        var (parsed, error) = await RequestBody.ParseAsync(request, ct);
        if (error is not null)
        {
            return error;
        }

        var errors = ConfigChecks.ErrorsOf(parsed!);
        if (errors.Count == 0)
        {
            errors = await MixerReferenceChecks.ForWriteAsync(store, parsed!.Resources, ct);
        }

        return Results.Json(new ValidateResponse(errors.Count == 0, errors) { Skipped = ConfigChecks.SkippedOf(parsed!) }, MeshJson.Options);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IConfigStore store, IConfigWriter writer, WriteBudget budget, CancellationToken ct)
    {
        var (resource, error) = await ConfigChecks.ReadSingleAsync(request, ct);
        if (error is not null)
        {
            return error;
        }

        try
        {
            using (var bound = budget.Start(ct))
            {
                if (await MixerReferenceChecks.ForWriteAsync(store, [resource!], bound.Token) is { Count: > 0 } references)
                {
                    return ConfigChecks.Rejected(references);
                }
            }

            var (stored, _) = await writer.PutAsync(resource!, PutMode.Create, ct);
            var location = $"/api/v1/configs/{stored.Kind}/{stored.Metadata.Namespace}/{stored.Metadata.Name}";
            request.HttpContext.Response.Headers.Location = location;
            return Results.Json(stored, MeshJson.Options, statusCode: StatusCodes.Status201Created);
        }
        catch (ConfigConflictException exception)
        {
            return ApiErrors.Conflict(exception.Message);
        }
        catch (ConfigWriteException exception)
        {
            return ApiErrors.Result(exception.Status, exception.Message);
        }
        catch (Exception exception) when (WriteBudget.IsUnavailable(exception, ct))
        {
            return budget.Unavailable(request.HttpContext, exception);
        }
    }

    private static async Task<IResult> ListAsync(IConfigStore store, IMeshStateReader state, string? kind, string? @namespace, CancellationToken ct)
    {
        string? canonicalKind = null;
        if (kind is not null)
        {
            if (!PathSegments.TryResolveKind(kind, out var info, out var unknown))
            {
                return unknown!;
            }

            canonicalKind = info.Kind;
        }

        if (@namespace is not null && !PathSegments.IsValidNamespace(@namespace))
        {
            return ApiErrors.BadRequest($"invalid namespace '{PathSegments.Truncate(@namespace)}'");
        }

        var revision = await state.GetRevisionAsync(ct);
        var items = await store.ListAsync(canonicalKind, @namespace, ct);
        return Results.Json(new ConfigList(revision, items), MeshJson.Options);
    }

    private static async Task<IResult> GetAsync(IConfigStore store, string kind, string @namespace, string name, CancellationToken ct)
    {
        if (CheckKey(kind, @namespace, name, out var key) is { } invalid)
        {
            return invalid;
        }

        var resource = await store.GetAsync(key, ct);
        return resource is null ? ApiErrors.NotFound($"{key} not found") : Results.Json(resource, MeshJson.Options);
    }

    private static async Task<IResult> ReplaceAsync(HttpRequest request, IConfigStore store, IConfigWriter writer, WriteBudget budget, string kind, string @namespace, string name, CancellationToken ct)
    {
        if (CheckKey(kind, @namespace, name, out var key) is { } invalid)
        {
            return invalid;
        }

        var (resource, error) = await ConfigChecks.ReadSingleAsync(request, ct);
        if (error is not null)
        {
            return error;
        }

        if (resource!.Key != key)
        {
            return ApiErrors.BadRequest($"the body names {resource.Key}, but the URL names {key}");
        }

        try
        {
            using (var bound = budget.Start(ct))
            {
                if (await MixerReferenceChecks.ForWriteAsync(store, [resource], bound.Token) is { Count: > 0 } references)
                {
                    return ConfigChecks.Rejected(references);
                }
            }

            return Results.Json((await writer.PutAsync(resource, PutMode.Replace, ct)).Resource, MeshJson.Options);
        }
        catch (ConfigNotFoundException)
        {
            return ApiErrors.NotFound($"{key} not found");
        }
        catch (ConfigConflictException exception)
        {
            return ApiErrors.Conflict(exception.Message);
        }
        catch (ConfigWriteException exception)
        {
            return ApiErrors.Result(exception.Status, exception.Message);
        }
        catch (Exception exception) when (WriteBudget.IsUnavailable(exception, ct))
        {
            return budget.Unavailable(request.HttpContext, exception);
        }
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, IConfigWriter writer, WriteBudget budget, string kind, string @namespace, string name, string? resourceVersion, CancellationToken ct)
    {
        if (CheckKey(kind, @namespace, name, out var key) is { } invalid)
        {
            return invalid;
        }

        try
        {
            var deleted = await writer.DeleteAsync(key, string.IsNullOrEmpty(resourceVersion) ? null : resourceVersion, ct);
            return deleted ? Results.Json(new DeletedResponse(true), MeshJson.Options) : ApiErrors.NotFound($"{key} not found");
        }
        catch (ConfigConflictException exception)
        {
            return ApiErrors.Conflict(exception.Message);
        }
        catch (ConfigWriteException exception)
        {
            return ApiErrors.Result(exception.Status, exception.Message);
        }
        catch (Exception exception) when (WriteBudget.IsUnavailable(exception, ct))
        {
            return budget.Unavailable(context, exception);
        }
    }

    private static IResult? CheckKey(string kind, string @namespace, string name, out ResourceKey key)
    {
        key = default;
        if (!PathSegments.TryResolveKind(kind, out var info, out var unknown))
        {
            return unknown;
        }

        if (PathSegments.CheckNamespaceAndName(@namespace, name) is { } invalid)
        {
            return invalid;
        }

        key = new ResourceKey(info.Kind, @namespace, name);
        return null;
    }
}
