using GatewayMesh.Samples.Bookinfo.Shared;

namespace GatewayMesh.Samples.Bookinfo.ProductPage;

/// <summary>productpage's JSON API: the product list, and each product's details, reviews and ratings.</summary>
public static class ProductApiEndpoints
{
    public static void MapProductApi(this WebApplication app)
    {
        var api = app.MapGroup("/api/v1/products");
        api.MapGet("/", () => Results.Ok(ProductCatalog.Products));
        api.MapGet("/{id:int}", async (int id, HttpRequest request, ProductPageClient client, CancellationToken cancellation) =>
            Answer(await client.GetDetailsAsync(id, request, cancellation), "details"));
        api.MapGet("/{id:int}/reviews", async (int id, HttpRequest request, ProductPageClient client, CancellationToken cancellation) =>
            Answer(await client.GetReviewsAsync(id, request, cancellation), "reviews"));
        api.MapGet("/{id:int}/ratings", async (int id, HttpRequest request, ProductPageClient client, CancellationToken cancellation) =>
            Answer(await client.GetRatingsAsync(id, request, cancellation), "ratings"));
    }

    private static IResult Answer<T>(T? body, string service)
        where T : class =>
        body is null
            ? Results.Json(new ErrorBody($"Sorry, product {service} are currently unavailable for this book."), statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Ok(body);
}
