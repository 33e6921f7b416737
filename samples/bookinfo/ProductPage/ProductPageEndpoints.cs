namespace GatewayMesh.Samples.Bookinfo.ProductPage;

/// <summary>productpage v1: the HTML page, its stylesheet, sign-in, and the JSON API.</summary>
public static class ProductPageEndpoints
{
    public const int ProductId = 0;

    public static void MapProductPage(this WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect("/productpage"));
        app.MapGet("/productpage", async (HttpRequest request, ProductPageClient client, CancellationToken cancellation) =>
        {
            var details = client.GetDetailsAsync(ProductId, request, cancellation);
            var reviews = client.GetReviewsAsync(ProductId, request, cancellation);
            var reviewed = await reviews; // stats is asked after reviews answered, so the count includes this view's event when it was delivered in time
            var stats = await client.GetStatsAsync(ProductId, request, cancellation);
            var page = new ProductPageModel(ProductCatalog.Products[0], EndUser.Get(request), await details, reviewed, stats?.ReviewViews);
            return Results.Content(ProductPageHtml.Render(page), "text/html; charset=utf-8");
        });
        app.MapGet("/static/{file}", (string file) => file == PageStyles.FileName
            ? Results.Text(PageStyles.Css, "text/css; charset=utf-8")
            : Results.NotFound());
        app.MapLogin();
        app.MapProductApi();
    }
}
