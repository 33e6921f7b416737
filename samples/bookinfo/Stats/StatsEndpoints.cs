using Dapr;
using Dapr.Client;
using GatewayMesh.Samples.Bookinfo.Reviews;
using GatewayMesh.Samples.Bookinfo.Shared;

namespace GatewayMesh.Samples.Bookinfo.Stats;

/// <summary>The count stats keeps per product, and what <c>GET /stats/{id}</c> answers.</summary>
public sealed record ReviewStats(int Id, long ReviewViews);

/// <summary>
/// stats: subscribes to <c>review-viewed</c> (a <c>[Topic]</c> handler on Dapr.AspNetCore) and counts the views per product
/// in the state store (key <c>views-&lt;id&gt;</c>, updated with ETags so concurrent deliveries never lose a count; a
/// lost race answers RETRY and the sidecar redelivers). <c>GET /stats/{id}</c> reads the count.
/// </summary>
public static class StatsEndpoints
{
    private const int SaveAttempts = 5;

    public static void MapStats(this WebApplication app)
    {
        app.UseCloudEvents();
        app.MapSubscribeHandler();
        app.MapPost("/review-viewed", async (ReviewViewed viewed, DaprClient client, CancellationToken cancellation) =>
        {
            for (var attempt = 0; attempt < SaveAttempts; attempt++)
            {
                var (count, etag) = await client.GetStateAndETagAsync<long>(DaprSidecar.StateStore, Key(viewed.ProductId), cancellationToken: cancellation);
                if (string.IsNullOrEmpty(etag))
                {
                    try
                    {
                        await client.SaveStateAsync(DaprSidecar.StateStore, Key(viewed.ProductId), 1L,
                            new StateOptions { Concurrency = ConcurrencyMode.FirstWrite }, cancellationToken: cancellation);
                        return Results.Ok();
                    }
                    catch (DaprException)
                    {
                        continue;
                    }
                }

                if (await client.TrySaveStateAsync(DaprSidecar.StateStore, Key(viewed.ProductId), count + 1, etag, cancellationToken: cancellation))
                {
                    return Results.Ok();
                }
            }

            return Results.Json(new { status = "RETRY" });
        }).WithTopic(DaprSidecar.PubSub, DaprSidecar.ReviewViewedTopic);

        app.MapGet("/stats/{id:int}", async (int id, DaprClient client, CancellationToken cancellation) =>
            Results.Ok(new ReviewStats(id, await client.GetStateAsync<long>(DaprSidecar.StateStore, Key(id), cancellationToken: cancellation))));
    }

    public static string Key(int id) => $"views-{id}";
}
