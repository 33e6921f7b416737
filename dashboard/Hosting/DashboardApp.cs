using System.Net;
using System.Reflection;
using GatewayMesh.Dashboard.Api;
using GatewayMesh.Dashboard.Scraping;
using GatewayMesh.Dashboard.Settings;
using GatewayMesh.Dashboard.Traces;

namespace GatewayMesh.Dashboard.Hosting;

/// <summary>The dashboard's listeners, with the ports actually bound.</summary>
internal sealed class DashboardListeners
{
    public Uri Url { get; set; } = new("http://127.0.0.1/");

    public Uri? OtlpUrl { get; set; }
}

/// <summary>
/// Builds the dashboard web application: the page (embedded <c>wwwroot</c>), the token-protected read-only API, the
/// scraper that aggregates the proxies' metrics, and optionally the OTLP/HTTP receiver on a second port.
/// </summary>
internal static class DashboardApp
{
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var options = DashboardOptions.Parse(args);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        var listeners = new DashboardListeners();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestBodySize = OtlpReceiver.MaxBody;
            var address = IPAddress.Parse(options.Bind);
            kestrel.Listen(address, options.Port);
            if (options.OtlpPort is { } otlp)
            {
                kestrel.Listen(address, otlp);
            }
        });
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(listeners);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new ScrapeHistory(options.Window));
        builder.Services.AddSingleton(new TraceStore());
        builder.Services.AddSingleton<ConfigLookup>();
        builder.Services.AddSingleton<ProxyScraper>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ProxyScraper>());

        var app = builder.Build();
        app.UseWhen(c => c.Connection.LocalPort != listeners.Url.Port, otlp => otlp.Run(OtlpReceiver.HandleAsync));
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["X-Content-Type-Options"] = "nosniff";
            headers["X-Frame-Options"] = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cache-Control"] = "no-store";
            headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
            await next(context);
        });
        DashboardApi.Map(app);
        app.MapGet("/", () => Page("index.html", "text/html; charset=utf-8"));
        app.MapGet("/app.js", () => Page("app.js", "text/javascript; charset=utf-8"));
        app.MapGet("/app.css", () => Page("app.css", "text/css; charset=utf-8"));
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.Lifetime.ApplicationStarted.Register(() => ReportListening(app, listeners, options));
        return app;
    }

    private static IResult Page(string name, string contentType)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"GatewayMesh.Dashboard.wwwroot.{name}")
            ?? throw new InvalidOperationException($"embedded page {name} is missing");
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), contentType);
    }

    private static void ReportListening(WebApplication app, DashboardListeners listeners, DashboardOptions options)
    {
        var bound = app.Urls.Select(u => new Uri(u)).ToList();
        listeners.Url = bound.FirstOrDefault(u => options.Port == 0 || u.Port == options.Port) ?? bound[0];
        listeners.OtlpUrl = options.OtlpPort is null ? null : bound.FirstOrDefault(u => u.Port != listeners.Url.Port);
        var url = listeners.Url.ToString().TrimEnd('/');
        var otlp = listeners.OtlpUrl?.ToString().TrimEnd('/');
        Console.Out.WriteLine($"dashboard listening on {url}");
        if (otlp is not null)
        {
            Console.Out.WriteLine($"otlp listening on {otlp}");
        }

        Console.Out.Flush();
        var logger = app.Services.GetRequiredService<ILogger<DashboardOptions>>();
        var receiver = otlp ?? "off";
        Log.Listening(logger, url, receiver);
    }
}
