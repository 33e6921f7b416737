using Dapr.Client;
using GatewayMesh.Samples.Bookinfo.Shared;

namespace GatewayMesh.Samples.Bookinfo.Reviews;

/// <summary>The event reviews publishes (topic <c>review-viewed</c>) each time it serves a product's reviews.</summary>
public sealed record ReviewViewed(int ProductId, string PodName);

/// <summary>
/// Publishes <see cref="ReviewViewed"/> through the Dapr sidecar without holding up the page: the publish gets a short
/// deadline and a failure is only logged (the count is a statistic, the reviews are the answer).
/// </summary>
public sealed class ReviewViews(IServiceProvider services, BookinfoOptions options, ILogger<ReviewViews> logger)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(2);

    public async Task PublishAsync(int productId)
    {
        using var deadline = new CancellationTokenSource(PublishTimeout);
        try
        {
            await services.GetRequiredService<DaprClient>().PublishEventAsync(
                DaprSidecar.PubSub, DaprSidecar.ReviewViewedTopic, new ReviewViewed(productId, options.PodName), deadline.Token);
        }
        catch (Exception ex) when (ex is Dapr.DaprException or OperationCanceledException or InvalidOperationException)
        {
            Log.PublishFailed(logger, DaprSidecar.ReviewViewedTopic, ex.Message);
        }
    }
}
