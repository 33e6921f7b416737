using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Sidecar.Dapr.App;
using GatewayMesh.Sidecar.Dapr.Settings;

namespace GatewayMesh.Sidecar.Dapr.PubSub;

/// <summary>
/// Sends one CloudEvent to the app (<c>POST http://127.0.0.1:&lt;app-port&gt;&lt;path&gt;</c>, <c>application/cloudevents+json</c>,
/// the app's <c>dapr-api-token</c> when <c>APP_API_TOKEN</c> is set) and reads daprd's answer protocol. The call is bounded
/// by the component's processing timeout.
/// </summary>
public sealed class AppDelivery(DaprApiOptions options, AppChannel channel)
{
    public const int MaxAnswerBytes = 64 * 1024;

    public async Task<(DeliveryOutcome Outcome, string Detail)> DeliverAsync(string path, JsonObject cloudEvent, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Uri(path))
        {
            Content = new ByteArrayContent(DaprJson.ToUtf8(cloudEvent)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(CloudEvents.ContentType);
        if (options.AppApiToken is { } token)
        {
            request.Headers.TryAddWithoutValidation("dapr-api-token", token);
        }

        if (cloudEvent["traceparent"]?.GetValue<string>() is { Length: > 0 } traceParent)
        {
            request.Headers.TryAddWithoutValidation("traceparent", traceParent);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout > TimeSpan.Zero)
        {
            deadline.CancelAfter(timeout);
        }

        try
        {
            using var response = await channel.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return (DeliveryOutcome.Drop, "the app answered 404");
            }

            if (!response.IsSuccessStatusCode)
            {
                return (DeliveryOutcome.Retry, $"the app answered {(int)response.StatusCode}");
            }

            return Interpret(await ReadBoundedAsync(response.Content, deadline.Token));
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (DeliveryOutcome.Retry, ex is OperationCanceledException ? "the app did not answer in time" : $"the app is unreachable: {ex.Message}");
        }
    }

    internal static (DeliveryOutcome, string) Interpret(byte[] body)
    {
        if (body.Length == 0)
        {
            return (DeliveryOutcome.Success, "");
        }

        try
        {
            var status = JsonNode.Parse(body) is JsonObject answer && answer["status"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            return status?.ToUpperInvariant() switch
            {
                null or "" or "SUCCESS" => (DeliveryOutcome.Success, ""),
                "RETRY" => (DeliveryOutcome.Retry, "the app answered RETRY"),
                "DROP" => (DeliveryOutcome.Drop, "the app answered DROP"),
                _ => (DeliveryOutcome.Retry, $"the app answered an unknown status \"{status}\""),
            };
        }
        catch (JsonException)
        {
            return (DeliveryOutcome.Success, ""); // a 2xx with a body that is not JSON counts as success, as in daprd
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxAnswerBytes)
            {
                return []; // a 2xx answer larger than any status document: success
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
