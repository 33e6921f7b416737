using System.Text.Json;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Registry.Api;

/// <summary>The <c>/api/v1/instances</c> endpoints: register with a lease, heartbeat, deregister, list.</summary>
internal static class InstanceEndpoints
{
    public const int MinLeaseSeconds = 1;
    public const int MaxLeaseSeconds = 300;

    public static void MapInstanceEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/instances", RegisterAsync);
        api.MapPut("/instances/{namespace}/{service}/{id}/heartbeat", HeartbeatAsync);
        api.MapDelete("/instances/{namespace}/{service}/{id}", DeregisterAsync);
        api.MapGet("/instances", ListAsync);
    }

    private static async Task<IResult> RegisterAsync(HttpRequest request, IServiceRegistry registry, CancellationToken ct)
    {
        RegisterRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<RegisterRequest>(request.Body, MeshJson.Options, ct);
        }
        catch (JsonException exception)
        {
            return ApiErrors.BadRequest("invalid JSON body", [exception.Message]);
        }

        if (body?.Instance is not { } instance)
        {
            return ApiErrors.BadRequest("the body needs an \"instance\"");
        }

        var problems = InstanceChecks.ErrorsOf(instance, body.LeaseSeconds);
        if (problems.Count > 0)
        {
            return ApiErrors.BadRequest("invalid instance", problems);
        }

        var lease = body.LeaseSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        return Results.Json(await registry.RegisterAsync(instance, lease, ct), MeshJson.Options);
    }

    private static async Task<IResult> HeartbeatAsync(IServiceRegistry registry, string @namespace, string service, string id, CancellationToken ct)
    {
        if (CheckKey(@namespace, service, id, out var key) is { } invalid)
        {
            return invalid;
        }

        var lease = await registry.HeartbeatAsync(key, ct);
        return lease is null
            ? ApiErrors.NotFound($"instance {key} is unknown or its lease expired; register again")
            : Results.Json(lease, MeshJson.Options);
    }

    private static async Task<IResult> DeregisterAsync(IServiceRegistry registry, string @namespace, string service, string id, CancellationToken ct)
    {
        if (CheckKey(@namespace, service, id, out var key) is { } invalid)
        {
            return invalid;
        }

        return await registry.DeregisterAsync(key, ct)
            ? Results.Json(new DeletedResponse(true), MeshJson.Options)
            : ApiErrors.NotFound($"instance {key} not found");
    }

    private static async Task<IResult> ListAsync(IServiceRegistry registry, IMeshStateReader state, string? service, string? @namespace, CancellationToken ct)
    {
        if (service is not null && !PathSegments.IsValidName(service))
        {
            return ApiErrors.BadRequest($"invalid service '{PathSegments.Truncate(service)}'");
        }

        if (@namespace is not null && !PathSegments.IsValidNamespace(@namespace))
        {
            return ApiErrors.BadRequest($"invalid namespace '{PathSegments.Truncate(@namespace)}'");
        }

        var revision = await state.GetRevisionAsync(ct);
        var items = await registry.ListAsync(service, @namespace, ct);
        return Results.Json(new InstanceList(revision, items), MeshJson.Options);
    }

    private static IResult? CheckKey(string @namespace, string service, string id, out InstanceKey key)
    {
        key = new InstanceKey(@namespace, service, id);
        var problems = InstanceChecks.KeyErrorsOf(key);
        return problems.Count > 0 ? ApiErrors.BadRequest("invalid instance key", problems) : null;
    }
}
