using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Serialization;
using GatewayMesh.Registry.Leadership;
using GatewayMesh.Registry.Settings;
using Microsoft.Extensions.Options;

namespace GatewayMesh.Registry.Api;

/// <summary>A health answer; <c>leader</c> says whether this replica is the one writing derived state (lease expiry).</summary>
internal sealed record HealthResponse(string Status, long? Revision = null, bool? Leader = null);

/// <summary><c>/healthz/live</c> answers while the process runs; <c>/healthz/ready</c> only while the store answers.</summary>
internal static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz/live", () => Results.Json(new HealthResponse("live"), MeshJson.Options));
        app.MapGet("/healthz/ready", ReadyAsync);
    }

    private static async Task<IResult> ReadyAsync(
        IMeshStateReader state, ILeaderElection election, IOptions<RegistryOptions> options, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        try
        {
            var revision = await state.GetRevisionAsync(ct).AsTask().WaitAsync(options.Value.ReadinessTimeout, time, ct);
            return Results.Json(new HealthResponse("ready", revision, election.IsLeader), MeshJson.Options);
        }
        catch (Exception exception) when (!ct.IsCancellationRequested)
        {
            Log.NotReady(loggers.CreateLogger(typeof(HealthEndpoints).FullName!), exception);
            return Results.Json(new HealthResponse("unavailable"), MeshJson.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
