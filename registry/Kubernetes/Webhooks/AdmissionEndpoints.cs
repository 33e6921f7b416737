using System.Text.Json;
using GatewayMesh.Registry.Api;
using GatewayMesh.Registry.Kubernetes.Admission;
using GatewayMesh.Registry.Kubernetes.Injection;

namespace GatewayMesh.Registry.Kubernetes.Webhooks;

/// <summary>
/// <c>POST /validate</c> and <c>POST /inject</c>, served only on the webhook's HTTPS listener (a plain-HTTP request to
/// them gets 404, so the API port never answers for them). Bodies are AdmissionReview v1; a malformed one is 400.
/// </summary>
internal static class AdmissionEndpoints
{
    public const string ValidatePath = "/validate";
    public const string InjectPath = "/inject";

    public static void MapAdmissionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(ValidatePath, (HttpContext context, ValidationWebhook webhook) => ReviewAsync(context, (request, _) => Task.FromResult(webhook.Review(request))));
        app.MapPost(InjectPath, (HttpContext context, SidecarInjector injector) => ReviewAsync(context, injector.ReviewAsync));
    }

    private static async Task<IResult> ReviewAsync(HttpContext context, Func<AdmissionRequest, CancellationToken, Task<AdmissionResponse>> review)
    {
        if (!context.Request.IsHttps)
        {
            return ApiErrors.NotFound("no such endpoint");
        }

        AdmissionReview? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(context.Request.Body, AdmissionJson.Default.AdmissionReview, context.RequestAborted);
        }
        catch (JsonException)
        {
            return ApiErrors.BadRequest("the body is not an AdmissionReview");
        }

        if (body?.Request is not { Uid.Length: > 0 } request)
        {
            return ApiErrors.BadRequest("the AdmissionReview has no request");
        }

        var response = await review(request, context.RequestAborted);
        return Results.Json(new AdmissionReview { ApiVersion = body.ApiVersion, Response = response }, AdmissionJson.Default.AdmissionReview);
    }
}
