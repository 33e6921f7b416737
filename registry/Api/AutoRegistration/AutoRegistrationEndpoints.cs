using System.Text.Json;
using GatewayMesh.Core.Config.Serialization;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Registry.Api.AutoRegistration;

/// <summary><c>POST /api/v1/workloadgroups/{namespace}/{name}/register</c>: a proxy joins a WorkloadGroup (docs/registry-api.md).</summary>
internal static class AutoRegistrationEndpoints
{
    public static void MapAutoRegistrationEndpoints(this IEndpointRouteBuilder api) =>
        api.MapPost("/workloadgroups/{namespace}/{name}/register", RegisterAsync);

    private static async Task<IResult> RegisterAsync(HttpRequest request, GroupRegistrar registrar, string @namespace, string name, CancellationToken ct)
    {
        if (PathSegments.CheckNamespaceAndName(@namespace, name, "group") is { } invalid)
        {
            return invalid;
        }

        GroupRegistration? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<GroupRegistration>(request.Body, MeshJson.Options, ct);
        }
        catch (JsonException exception)
        {
            return ApiErrors.BadRequest("invalid JSON body", [exception.Message]);
        }

        return body is null
            ? ApiErrors.BadRequest("the body needs \"address\", \"port\", \"leaseSeconds\" and \"proof\"")
            : await registrar.RegisterAsync(@namespace, name, body, ct);
    }
}
