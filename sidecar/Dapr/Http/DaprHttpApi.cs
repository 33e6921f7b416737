using GatewayMesh.Sidecar.Dapr.Errors;
using GatewayMesh.Sidecar.Dapr.Invocation;
using GatewayMesh.Sidecar.Dapr.Subscriptions;

namespace GatewayMesh.Sidecar.Dapr.Http;

/// <summary>The routes of Dapr's HTTP API that the sidecar serves. Every handler's failure becomes daprd's error body.</summary>
internal static class DaprHttpApi
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1.0/healthz", (HttpContext c) => Results.NoContent());
        routes.MapGet("/v1.0/healthz/outbound", (HttpContext c) => Results.NoContent());
        routes.MapGet("/v1.0/metadata", (HttpContext c, DaprRuntime r, SubscriptionManager s) => Run(c, "GetMetadata", () => MetadataHttp.GetAsync(c, r, s)));
        routes.MapPut("/v1.0/metadata/{key}", (HttpContext c, DaprRuntime r, string key) => Run(c, "SetMetadata", () => MetadataHttp.PutAsync(c, r, key)));

        routes.Map("/v1.0/invoke/{appId}/method/{**method}", (HttpContext c, ServiceInvocation i, string appId, string? method) =>
            Run(c, "InvokeService", () => string.IsNullOrEmpty(method) ? throw DaprErrors.InvokeMalformed("the method name is empty") : i.InvokeHttpAsync(c, appId, method)));

        routes.MapGet("/v1.0/state/{store}/{key}", (HttpContext c, DaprRuntime r, string store, string key) => Run(c, "GetState", () => StateHttp.GetAsync(c, r, store, key)));
        routes.MapPost("/v1.0/state/{store}", (HttpContext c, DaprRuntime r, string store) => Run(c, "SaveState", () => StateHttp.SaveAsync(c, r, store)));
        routes.MapDelete("/v1.0/state/{store}/{key}", (HttpContext c, DaprRuntime r, string store, string key) => Run(c, "DeleteState", () => StateHttp.DeleteAsync(c, r, store, key)));
        routes.MapPost("/v1.0/state/{store}/bulk", (HttpContext c, DaprRuntime r, string store) => Run(c, "GetBulkState", () => StateHttp.BulkGetAsync(c, r, store)));
        routes.MapMethods("/v1.0/state/{store}/transaction", ["POST", "PUT"], (HttpContext c, DaprRuntime r, string store) => Run(c, "ExecuteStateTransaction", () => StateHttp.TransactionAsync(c, r, store)));

        routes.MapPost("/v1.0/publish/{pubsub}/{**topic}", (HttpContext c, DaprRuntime r, string pubsub, string topic) => Run(c, "PublishEvent", () => PublishHttp.PublishAsync(c, r, pubsub, topic)));
        routes.MapPost("/v1.0-alpha1/publish/bulk/{pubsub}/{**topic}", (HttpContext c, DaprRuntime r, string pubsub, string topic) => Run(c, "BulkPublishEvent", () => PublishHttp.BulkPublishAsync(c, r, pubsub, topic)));

        foreach (var version in new[] { "v1.0", "v1.0-alpha1" })
        {
            routes.MapGet($"/{version}/configuration/{{store}}", (HttpContext c, DaprRuntime r, string store) => Run(c, "GetConfiguration", () => ConfigurationHttp.GetAsync(c, r, store)));
            routes.MapGet($"/{version}/configuration/{{store}}/subscribe", (HttpContext c, DaprRuntime r, ConfigurationPush p, string store) => Run(c, "SubscribeConfiguration", () => ConfigurationHttp.SubscribeAsync(c, r, p, store)));
            routes.MapGet($"/{version}/configuration/{{store}}/{{id}}/unsubscribe", (HttpContext c, DaprRuntime r, string store, string id) => Run(c, "UnsubscribeConfiguration", () => ConfigurationHttp.UnsubscribeAsync(c, r, store, id)));
        }

        routes.Map("/v1.0/{**rest}", (HttpContext c, string rest) => Run(c, rest, () => throw DaprErrors.NotImplemented($"the HTTP API /v1.0/{rest.Split('/')[0]}")));
        routes.Map("/v1.0-alpha1/{**rest}", (HttpContext c, string rest) => Run(c, rest, () => throw DaprErrors.NotImplemented($"the HTTP API /v1.0-alpha1/{rest.Split('/')[0]}")));
        routes.Map("/v1.0-beta1/{**rest}", (HttpContext c, string rest) => Run(c, rest, () => throw DaprErrors.NotImplemented($"the HTTP API /v1.0-beta1/{rest.Split('/')[0]}")));
    }

    /// <summary>
    /// The <c>dapr-app-id</c> header form of invocation: a request to any path outside Dapr's own API that names the
    /// callee in that header is invoked on it with its path as the method.
    /// </summary>
    public static async Task InvokeByHeaderAsync(HttpContext context, RequestDelegate next)
    {
        var appId = context.Request.Headers[ServiceInvocation.AppIdHeader].ToString();
        if (appId.Length == 0 || IsDaprApiPath(context.Request.Path))
        {
            await next(context);
            return;
        }

        var method = context.Request.Path.Value?.TrimStart('/') ?? "";
        var invocation = context.RequestServices.GetRequiredService<ServiceInvocation>();
        await Run(context, "InvokeService", () => method.Length == 0
            ? throw DaprErrors.InvokeMalformed("the method name is empty")
            : invocation.InvokeHttpAsync(context, appId, method));
    }

    private static bool IsDaprApiPath(PathString path) =>
        path.StartsWithSegments("/v1.0") || path.StartsWithSegments("/v1.0-alpha1") || path.StartsWithSegments("/v1.0-beta1")
        || path.StartsWithSegments("/dapr.proto.runtime.v1.Dapr");

    private static async Task Run(HttpContext context, string call, Func<Task> handler)
    {
        try
        {
            await handler();
        }
        catch (DaprApiException ex)
        {
            var logger = context.RequestServices.GetRequiredService<ILogger<DaprRuntime>>();
            Log.CallFailed(logger, ex.HttpStatus >= 500 ? ex.InnerException : null, call, ex.ErrorCode, ex.Message);
            if (!context.Response.HasStarted)
            {
                await HttpIo.WriteErrorAsync(context, ex);
            }
        }
    }
}
