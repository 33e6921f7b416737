using System.Net;
using GatewayMesh.IntegrationTests.Cli;
using Xunit;

namespace GatewayMesh.IntegrationTests.Bookinfo;

/// <summary>
/// All four Bookinfo services in-process, wired to each other by direct URLs, or by mesh names through a
/// <see cref="RecordingProxy"/>. A service can be left out to simulate it being down.
/// </summary>
public sealed class BookinfoMesh : IAsyncDisposable
{
    public const string InstanceId = "test1";

    private readonly List<IAsyncDisposable> _running = [];
    private TimeProvider? _productPageTime;
    private Action<RecordingProxy>? _configureProxy;

    private BookinfoMesh()
    {
    }

    public BookinfoService ProductPage { get; private set; } = null!;

    /// <summary>Set when started with <c>viaProxy</c>: every service-to-service call went through it.</summary>
    public RecordingProxy? Proxy { get; private set; }

    /// <summary>Talks to productpage directly: no proxy, no cookie jar, no redirects followed.</summary>
    public HttpClient Client { get; private set; } = null!;

    public static async Task<BookinfoMesh> StartAsync(
        string reviewsVersion, bool ratingsDown = false, bool reviewsDown = false, bool detailsDown = false, bool viaProxy = false,
        Action<RecordingProxy>? configureProxy = null, TimeProvider? productPageTime = null)
    {
        var mesh = new BookinfoMesh { _productPageTime = productPageTime, _configureProxy = configureProxy };
        try
        {
            await mesh.StartServicesAsync(reviewsVersion, ratingsDown, reviewsDown, detailsDown, viaProxy);
            return mesh;
        }
        catch
        {
            await mesh.DisposeAsync();
            throw;
        }
    }

    public async Task<string> GetPageAsync(string? user = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/productpage");
        if (user is not null)
        {
            request.Headers.Add("Cookie", $"end-user={Uri.EscapeDataString(user)}");
        }

        request.Headers.Add("x-request-id", "req-42");
        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task StartServicesAsync(string reviewsVersion, bool ratingsDown, bool reviewsDown, bool detailsDown, bool viaProxy)
    {
        if (viaProxy)
        {
            Proxy = await Track(RecordingProxy.StartAsync());
            _configureProxy?.Invoke(Proxy);
        }

        var ratings = await StartOrDown("ratings", ratingsDown, []);
        var reviews = await StartOrDown("reviews", reviewsDown, ["--version", reviewsVersion, "--instance-id", InstanceId, .. Wire("ratings", ratings)]);
        var details = await StartOrDown("details", detailsDown, []);
        ProductPage = await Track(BookinfoService.StartAsync(_productPageTime, ["productpage", .. Wire("details", details), .. Wire("reviews", reviews), .. Wire("ratings", ratings)]));
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = ProductPage.Url,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>How a caller reaches <paramref name="service"/>: its local URL, or by name through the proxy.</summary>
    private string[] Wire(string service, Uri local)
    {
        if (Proxy is null)
        {
            return [$"--{service}-url", local.ToString()];
        }

        Proxy.Route(service, local);
        return ["--proxy", Proxy.Url.ToString()];
    }

    private async Task<Uri> StartOrDown(string service, bool down, string[] args) =>
        down ? new Uri($"http://127.0.0.1:{ClosedPort.Find()}/") : (await Track(BookinfoService.StartAsync([service, .. args]))).Url;

    private async Task<T> Track<T>(Task<T> starting)
        where T : IAsyncDisposable
    {
        var started = await starting;
        _running.Add(started);
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        foreach (var running in Enumerable.Reverse(_running))
        {
            await running.DisposeAsync();
        }
    }
}
