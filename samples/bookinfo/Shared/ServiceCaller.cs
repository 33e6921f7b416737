using System.Net;
using System.Text.Json;

namespace GatewayMesh.Samples.Bookinfo.Shared;

/// <summary>
/// Calls another Bookinfo service with a plain <see cref="HttpClient"/>: a per-attempt timeout, optional retries,
/// the propagated headers. Outbound traffic goes through the default proxy (<c>HTTP_PROXY</c>, the sidecar) unless
/// <see cref="BookinfoOptions.Proxy"/> names another one.
/// </summary>
public sealed class ServiceCaller : IDisposable
{
    private readonly HttpClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger<ServiceCaller> _logger;

    public ServiceCaller(BookinfoOptions options, TimeProvider time, ILogger<ServiceCaller> logger)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = true,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AllowAutoRedirect = false,
            // Like Istio's Bookinfo apps, forward the caller's trace headers (HeaderPropagation) rather than start a
            // trace context of this app's own: .NET's handler would replace traceparent with an unexported activity's id.
            ActivityHeadersPropagator = null,
        };
        if (options.Proxy is not null)
        {
            handler.Proxy = new WebProxy(options.Proxy, BypassOnLocal: false);
        }

        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _time = time;
        _logger = logger;
    }

    /// <summary>GETs <paramref name="url"/> and parses its JSON body; null when every attempt failed.</summary>
    public async Task<T?> GetJsonAsync<T>(
        Uri url, IReadOnlyDictionary<string, string> headers, TimeSpan timeout, int attempts, CancellationToken cancellation)
        where T : class
    {
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            using var perAttempt = new CancellationTokenSource(timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(perAttempt.Token, cancellation);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                HeaderPropagation.CopyTo(headers, request);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                if (response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadFromJsonAsync<T>(JsonSerializerOptions.Web, linked.Token);
                    if (body is not null)
                    {
                        return body;
                    }
                }

                Log.CallFailed(_logger, url, attempt, $"status {(int)response.StatusCode}");
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                Log.CallFailed(_logger, url, attempt, $"no answer within {timeout.TotalSeconds:0.##} s");
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException or NotSupportedException)
            {
                Log.CallFailed(_logger, url, attempt, ex.Message);
            }
        }

        return null;
    }

    public void Dispose() => _client.Dispose();
}
