using Dapr.Client;
using GatewayMesh.Samples.Bookinfo.Shared;

namespace GatewayMesh.Samples.Bookinfo.Ratings;

/// <summary>
/// ratings: each product's ratings live in the Dapr state store (key <c>ratings-&lt;id&gt;</c>), starting from the two
/// sample reviewers' stars; <c>POST /ratings/{id}</c> with <c>{"reviewer": "...", "rating": 1-5}</c> adds or changes one,
/// with optimistic concurrency (ETags). Without a Dapr sidecar the sample ratings are served read-only.
/// </summary>
public static class RatingsEndpoints
{
    public const int MaxReviewerLength = 64;
    private const int SaveAttempts = 5;

    public static readonly IReadOnlyDictionary<string, int> SampleRatings = new Dictionary<string, int>
    {
        ["Reviewer1"] = 5,
        ["Reviewer2"] = 4,
    };

    public sealed record RatingInput(string? Reviewer, int? Rating);

    public static void MapRatings(this WebApplication app, bool dapr)
    {
        app.MapGet("/ratings/{id:int}", async (int id, IServiceProvider services, CancellationToken cancellation) =>
        {
            if (!dapr)
            {
                return Results.Ok(new BookRatings(id, SampleRatings));
            }

            var client = services.GetRequiredService<DaprClient>();
            var stored = await client.GetStateAsync<Dictionary<string, int>>(DaprSidecar.StateStore, Key(id), cancellationToken: cancellation);
            return Results.Ok(new BookRatings(id, stored ?? SampleRatings));
        });

        app.MapPost("/ratings/{id:int}", async (int id, RatingInput input, IServiceProvider services, CancellationToken cancellation) =>
        {
            if (input.Reviewer is not { Length: > 0 and <= MaxReviewerLength } reviewer || input.Rating is not (>= 1 and <= 5) || input.Rating is null)
            {
                return Results.BadRequest(new { error = $"expected {{\"reviewer\": 1-{MaxReviewerLength} characters, \"rating\": 1-5}}" });
            }

            if (!dapr)
            {
                return Results.Json(new { error = "ratings are read-only without a Dapr sidecar" }, statusCode: 503);
            }

            var client = services.GetRequiredService<DaprClient>();
            for (var attempt = 0; attempt < SaveAttempts; attempt++)
            {
                var (stored, etag) = await client.GetStateAndETagAsync<Dictionary<string, int>>(DaprSidecar.StateStore, Key(id), cancellationToken: cancellation);
                var ratings = new Dictionary<string, int>(stored ?? SampleRatings) { [reviewer] = input.Rating.Value };
                var saved = string.IsNullOrEmpty(etag)
                    ? await TryCreateAsync(client, id, ratings, cancellation)
                    : await client.TrySaveStateAsync(DaprSidecar.StateStore, Key(id), ratings, etag, cancellationToken: cancellation);
                if (saved)
                {
                    return Results.Ok(new BookRatings(id, ratings));
                }
            }

            return Results.Json(new { error = "the ratings changed concurrently; try again" }, statusCode: 409);
        });
    }

    /// <summary>The first save of a product's ratings: first-write, so two concurrent first posts cannot both win.</summary>
    private static async Task<bool> TryCreateAsync(DaprClient client, int id, Dictionary<string, int> ratings, CancellationToken cancellation)
    {
        try
        {
            await client.SaveStateAsync(DaprSidecar.StateStore, Key(id), ratings,
                new StateOptions { Concurrency = ConcurrencyMode.FirstWrite }, cancellationToken: cancellation);
            return true;
        }
        catch (Dapr.DaprException)
        {
            return false;
        }
    }

    public static string Key(int id) => $"ratings-{id}";
}
