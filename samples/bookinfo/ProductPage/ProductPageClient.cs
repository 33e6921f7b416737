using GatewayMesh.Samples.Bookinfo.Shared;

namespace GatewayMesh.Samples.Bookinfo.ProductPage;

/// <summary>productpage's calls to details, reviews and ratings, each with its timeout; null means "unavailable".</summary>
public sealed class ProductPageClient(ServiceCaller caller, BookinfoOptions options)
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(3);

    /// <summary>reviews gets one retry after a failed or timed-out attempt.</summary>
    public const int ReviewsAttempts = 2;

    public Task<BookDetails?> GetDetailsAsync(int id, HttpRequest request, CancellationToken cancellation) =>
        caller.GetJsonAsync<BookDetails>(
            new Uri(options.DetailsUrl, $"details/{id}"), EndUser.OutgoingHeaders(request), CallTimeout, 1, cancellation);

    public Task<BookReviews?> GetReviewsAsync(int id, HttpRequest request, CancellationToken cancellation) =>
        caller.GetJsonAsync<BookReviews>(
            new Uri(options.ReviewsUrl, $"reviews/{id}"), EndUser.OutgoingHeaders(request), CallTimeout, ReviewsAttempts, cancellation);

    /// <summary>How often the book's reviews were viewed (the stats service); null when stats does not answer in time (one attempt).</summary>
    public Task<Stats.ReviewStats?> GetStatsAsync(int id, HttpRequest request, CancellationToken cancellation) =>
        caller.GetJsonAsync<Stats.ReviewStats>(
            new Uri(options.StatsUrl, $"stats/{id}"), EndUser.OutgoingHeaders(request), CallTimeout, 1, cancellation);

    public Task<BookRatings?> GetRatingsAsync(int id, HttpRequest request, CancellationToken cancellation) =>
        caller.GetJsonAsync<BookRatings>(
            new Uri(options.RatingsUrl, $"ratings/{id}"), EndUser.OutgoingHeaders(request), CallTimeout, 1, cancellation);
}
