using GatewayMesh.Samples.Bookinfo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayMesh.IntegrationTests.Bookinfo;

/// <summary>One Bookinfo service running in-process over real HTTP on 127.0.0.1:0.</summary>
public sealed class BookinfoService : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BookinfoService(WebApplication app)
    {
        _app = app;
        Url = BookinfoApp.GetListeningUri(app);
    }

    public Uri Url { get; }

    /// <param name="args">The service name first, then options such as <c>--version v2</c> or <c>--ratings-url ...</c>.</param>
    public static Task<BookinfoService> StartAsync(params string[] args) => StartAsync(time: null, args);

    /// <param name="time">Replaces the clock that drives the service's call timeouts.</param>
    public static async Task<BookinfoService> StartAsync(TimeProvider? time, params string[] args)
    {
        var app = BookinfoApp.Create([.. args, "--urls", "http://127.0.0.1:0"], services =>
        {
            if (time is not null)
            {
                services.AddSingleton(time);
            }
        });
        await app.StartAsync();
        return new BookinfoService(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
