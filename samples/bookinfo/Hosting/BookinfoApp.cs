using System.Text.Json.Serialization;
using GatewayMesh.Samples.Bookinfo.Details;
using GatewayMesh.Samples.Bookinfo.ProductPage;
using GatewayMesh.Samples.Bookinfo.Ratings;
using GatewayMesh.Samples.Bookinfo.Reviews;
using GatewayMesh.Samples.Bookinfo.Shared;
using GatewayMesh.Samples.Bookinfo.Stats;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GatewayMesh.Samples.Bookinfo.Hosting;

/// <summary>Builds the web application of the one service the arguments name; <c>Program</c> runs it, tests start it in-process.</summary>
public static class BookinfoApp
{
    /// <param name="args"><c>&lt;service&gt; [--version v2] [--urls ...] [--reviews-url ...]</c>; see <see cref="BookinfoUsageException.Usage"/>.</param>
    /// <param name="configureServices">Runs after the sample's registrations, so tests can replace services.</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var (service, rest) = BookinfoOptionsReader.SplitService(args);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = rest });
        builder.Configuration.AddCommandLine(rest);
        var options = BookinfoOptionsReader.Read(service, builder.Configuration);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls($"http://0.0.0.0:{BookinfoServices.Port}");
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        // stdout carries only the "bookinfo <pod> listening on <url>" line that scripts read; logs go to stderr.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ServiceCaller>();
        builder.Services.AddSingleton<ProductPageClient>();
        builder.Services.AddSingleton<ReviewViews>();
        builder.Services.AddDaprClient(); // reads DAPR_GRPC_ENDPOINT / DAPR_HTTP_ENDPOINT / DAPR_API_TOKEN that the sidecar sets
        var dapr = DaprSidecar.IsPresent();
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapGet("/health", () => Results.Ok(new { status = $"{options.Service} is healthy", version = options.Version }));
        switch (options.Service)
        {
            case BookinfoServices.Details: app.MapDetails(); break;
            case BookinfoServices.Ratings: app.MapRatings(dapr); break;
            case BookinfoServices.Reviews: app.MapReviews(options, dapr); break;
            case BookinfoServices.Stats: app.MapStats(); break;
            default: app.MapProductPage(); break;
        }

        app.Lifetime.ApplicationStarted.Register(() => ReportListening(app, options));
        return app;
    }

    /// <summary>The first address the server listens on, with the real port when it was bound to port 0.</summary>
    public static Uri GetListeningUri(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The service is not listening yet.");
        return new Uri(first.EndsWith('/') ? first : first + "/");
    }

    private static void ReportListening(WebApplication app, BookinfoOptions options)
    {
        var url = GetListeningUri(app).ToString().TrimEnd('/');
        Console.Out.WriteLine($"bookinfo {options.PodName} listening on {url}");
        Console.Out.Flush();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BookinfoApp).FullName!);
        Log.Listening(logger, options.PodName, url);
    }
}
