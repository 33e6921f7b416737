namespace GatewayMesh.BrowserTests.Dashboard;

/// <summary>
/// Anonymous readers loading the product page through the ingress, one request after another, until disposed: the
/// steady traffic the dashboard's rates are computed from (its window is the last 30 s of scrapes). Answers are not
/// judged here; the graph is.
/// </summary>
internal sealed class ProductPageTraffic : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Task _loop;
    private long _sent;

    private ProductPageTraffic(Uri productPage) => _loop = Task.Run(() => LoopAsync(productPage));

    public long Sent => Interlocked.Read(ref _sent);

    public static ProductPageTraffic Start(Uri productPage) => new(productPage);

    private async Task LoopAsync(Uri productPage)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var response = await _http.GetAsync(productPage, _stop.Token);
                await response.Content.ReadAsByteArrayAsync(_stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // A refused, reset or timed-out request is traffic too (the proxies count it); keep going.
            }

            Interlocked.Increment(ref _sent);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _http.Dispose();
        _stop.Dispose();
    }
}
