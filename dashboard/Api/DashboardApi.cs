using System.Text.Json;
using System.Text.Json.Serialization;
using GatewayMesh.Dashboard.Graph;
using GatewayMesh.Dashboard.Scraping;
using GatewayMesh.Dashboard.Settings;
using GatewayMesh.Dashboard.Traces;

namespace GatewayMesh.Dashboard.Api;

/// <summary>
/// The read-only JSON API behind the page, every call needing the registry's token: <c>/api/graph</c> (the service
/// graph over the window), <c>/api/config?service=S&amp;namespace=NS</c> (the config resources that apply to S),
/// <c>/api/traces</c> and <c>/api/traces/{id}</c> (what the OTLP receiver stored). Anything but GET is refused.
/// </summary>
internal static class DashboardApi
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter(async (context, next) =>
        {
            var options = context.HttpContext.RequestServices.GetRequiredService<DashboardOptions>();
            return TokenCheck.IsAuthorized(context.HttpContext.Request, options.Token)
                ? await next(context)
                : Results.Json(new { error = "this API needs the registry's token: Authorization: Bearer <token> (./meshctl dashboard opens the page with it)" }, statusCode: StatusCodes.Status401Unauthorized);
        });
        api.MapGet("/graph", (ScrapeHistory history, TimeProvider time) =>
            Results.Json(history.Span() is { } span ? GraphBuilder.Build(span.Earlier, span.Latest) : ServiceGraph.Empty(time.GetUtcNow()), Json));
        api.MapGet("/config", async (string service, string? @namespace, ConfigLookup lookup, CancellationToken cancellationToken) =>
        {
            try
            {
                return Results.Json(new { service, @namespace = @namespace ?? "default", items = await lookup.ForServiceAsync(service, @namespace ?? "default", cancellationToken) }, Json);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
            {
                return Results.Json(new { error = $"the registry did not answer: {ex.Message}" }, Json, statusCode: StatusCodes.Status502BadGateway);
            }
        });
        api.MapGet("/traces", (TraceStore traces) => Results.Json(new { traces = traces.List() }, Json));
        api.MapGet("/traces/{id}", (string id, TraceStore traces) =>
            traces.Get(id) is { } spans ? Results.Json(new { traceId = id, spans }, Json) : Results.Json(new { error = "no such trace" }, statusCode: StatusCodes.Status404NotFound));
        api.Map("/{**rest}", () => Results.Json(new { error = "the dashboard API is read-only: GET /api/graph, /api/config, /api/traces" }, statusCode: StatusCodes.Status405MethodNotAllowed));
    }
}
