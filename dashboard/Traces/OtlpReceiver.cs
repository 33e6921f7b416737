namespace GatewayMesh.Dashboard.Traces;

/// <summary>
/// The OTLP/HTTP receiver on its own port: <c>POST /v1/traces</c> with a protobuf <c>ExportTraceServiceRequest</c>
/// (what the proxies' OpenTelemetry exporters send when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> points here), answered
/// with an empty <c>ExportTraceServiceResponse</c>. Bodies over 4 MiB or of another content type are refused.
/// </summary>
internal static class OtlpReceiver
{
    public const int MaxBody = 4 * 1024 * 1024;

    public static async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != "/v1/traces" || !HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var logger = context.RequestServices.GetRequiredService<ILogger<TraceStore>>();
        if (context.Request.ContentType?.StartsWith("application/x-protobuf", StringComparison.OrdinalIgnoreCase) != true)
        {
            Log.OtlpRefused(logger, $"content type {context.Request.ContentType}");
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        if (context.Request.ContentLength > MaxBody)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            if (body.Length + read > MaxBody)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            body.Write(buffer, 0, read);
        }

        try
        {
            context.RequestServices.GetRequiredService<TraceStore>().Add(OtlpTraceDecoder.Decode(body.GetBuffer().AsSpan(0, (int)body.Length)));
        }
        catch (Google.Protobuf.InvalidProtocolBufferException ex)
        {
            Log.OtlpRefused(logger, ex.Message);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        context.Response.ContentType = "application/x-protobuf";
        context.Response.ContentLength = 0;
    }
}
