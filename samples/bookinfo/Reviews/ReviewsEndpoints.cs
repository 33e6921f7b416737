using GatewayMesh.Samples.Bookinfo.Shared;

namespace GatewayMesh.Samples.Bookinfo.Reviews;

/// <summary>
/// reviews: v1 serves the reviews alone; v2 adds black stars and v3 red stars from the ratings service.
/// If ratings does not answer, each review carries a rating error instead of stars.
/// </summary>
public static class ReviewsEndpoints
{
    public const string RatingsUnavailable = "Ratings service is currently unavailable";

    /// <summary>How long v2 and v3 wait for ratings (v3 gives up sooner).</summary>
    public static TimeSpan RatingsTimeout(string version) =>
        version == "v3" ? TimeSpan.FromMilliseconds(2500) : TimeSpan.FromSeconds(10);

    public static string? StarColor(string version) => version switch
    {
        "v2" => "black",
        "v3" => "red",
        _ => null,
    };

    /// <param name="dapr">With a Dapr sidecar, every answer also publishes a <see cref="ReviewViewed"/> event (to stats).</param>
    public static void MapReviews(this WebApplication app, BookinfoOptions options, bool dapr) =>
        app.MapGet("/reviews/{id:int}", async (int id, HttpRequest request, ServiceCaller caller, ReviewViews views, CancellationToken cancellation) =>
        {
            if (dapr)
            {
                // Not awaited: the publish has its own 2 s deadline and logs its failures; the answer never waits for a statistic.
                _ = views.PublishAsync(id);
            }

            var color = StarColor(options.Version);
            IReadOnlyDictionary<string, int>? stars = null;
            if (color is not null)
            {
                var url = new Uri(options.RatingsUrl, $"ratings/{id}");
                var ratings = await caller.GetJsonAsync<BookRatings>(
                    url, HeaderPropagation.From(request), RatingsTimeout(options.Version), attempts: 1, cancellation);
                stars = ratings?.Ratings;
            }

            var reviews = ReviewTexts.All
                .Select(r => new Review(r.Reviewer, r.Text, color is null ? null : Rate(r.Reviewer, stars, color)))
                .ToList();
            return Results.Ok(new BookReviews(id.ToString(), options.PodName, options.ClusterName, reviews));
        });

    private static ReviewRating Rate(string reviewer, IReadOnlyDictionary<string, int>? stars, string color) =>
        stars is not null && stars.TryGetValue(reviewer, out var count)
            ? new ReviewRating(Stars: count, Color: color)
            : new ReviewRating(Error: RatingsUnavailable);
}
