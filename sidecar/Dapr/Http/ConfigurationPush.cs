using System.Net.Http.Headers;
using GatewayMesh.Sidecar.Dapr.App;
using GatewayMesh.Sidecar.Dapr.Configuration;
using GatewayMesh.Sidecar.Dapr.Settings;

namespace GatewayMesh.Sidecar.Dapr.Http;

/// <summary>HTTP configuration subscriptions: each update is POSTed to the app at <c>/configuration/{store}/{key}</c>.</summary>
public sealed class ConfigurationPush(DaprApiOptions options, AppChannel channel, ILogger<ConfigurationPush> logger) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public async Task<string> SubscribeAsync(RedisConfigurationStore store, IReadOnlyList<string> keys)
    {
        var (id, updates) = await store.SubscribeAsync(keys, _stop.Token);
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var items in updates.ReadAllAsync(_stop.Token))
                {
                    foreach (var key in items.Keys)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, channel.Uri($"/configuration/{Uri.EscapeDataString(store.Name)}/{Uri.EscapeDataString(key)}"))
                        {
                            Content = new ByteArrayContent(ConfigurationHttp.UpdateBody(id, items)),
                        };
                        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                        if (options.AppApiToken is { } token)
                        {
                            request.Headers.TryAddWithoutValidation("dapr-api-token", token);
                        }

                        try
                        {
                            using var response = await channel.Client.SendAsync(request, _stop.Token);
                        }
                        catch (HttpRequestException ex)
                        {
                            Log.ConfigurationSubscriptionEnded(logger, id, store.Name, $"the app could not be told of {key}: {ex.Message}");
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // the sidecar stops
            }
        });
        return id;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
