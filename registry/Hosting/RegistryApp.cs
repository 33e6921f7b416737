using GatewayMesh.Core.Hosting;
using GatewayMesh.Registry.Api;
using GatewayMesh.Registry.Auth;
using GatewayMesh.Registry.Kubernetes.Hosting;
using GatewayMesh.Registry.Settings;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace GatewayMesh.Registry.Hosting;

/// <summary>Builds the registry web application; <c>Program</c> runs it, tests start it in-process.</summary>
public static class RegistryApp
{
    /// <summary>Request bodies above this get 413.</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <param name="args">Command-line arguments (<c>--urls</c>, <c>--redis</c>, <c>--in-memory</c>, <c>--token-file</c>, ...).</param>
    /// <param name="configureServices">Runs before the registry's own registrations, so tests can supply a TimeProvider or logger provider.</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var normalized = CommandLineArgs.Normalize(args);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = normalized });
        builder.Configuration.AddEnvironmentVariables("GATEWAYMESH_");
        builder.Configuration.AddCommandLine(normalized, CommandLineArgs.SwitchMappings);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(RegistryOptions.DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 64;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
        });
        // stdout carries only the "registry listening on" line that scripts read; logs go to stderr.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));

        configureServices?.Invoke(builder.Services);
        var kubernetes = KubernetesMode.Read(builder.Configuration);
        SettingsProblems.ThrowIfInvalid( // every bad switch at once, before anything connects or listens
            "registry", builder.Configuration.GetSection(RegistryOptions.SectionName).Get<RegistryOptions>() ?? new RegistryOptions(), kubernetes);
        if (kubernetes is not null)
        {
            KubernetesMode.Configure(builder, kubernetes);
        }

        builder.Services.AddMeshRegistry(builder.Configuration);

        var app = builder.Build();
        app.Services.GetRequiredService<ApiToken>(); // read or create the token file before serving
        app.UseApiErrorHandling(ApiErrors.Style(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("GatewayMesh.Registry.Api.ErrorHandling")));
        app.UseMiddleware<BearerTokenAuth>();
        app.MapHealthEndpoints();
        var api = app.MapGroup("/api/v1");
        api.MapConfigEndpoints();
        api.MapInstanceEndpoints();
        Api.AutoRegistration.AutoRegistrationEndpoints.MapAutoRegistrationEndpoints(api);
        if (kubernetes is not null)
        {
            KubernetesMode.MapEndpoints(app, kubernetes);
        }
        app.MapFallback(() => ApiErrors.NotFound("no such endpoint"));

        // before it serves: the first apply (often the first write after a takeover) must not pay the cold path
        WritePathWarmup.Run(app.Services.GetRequiredService<TimeProvider>(), app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WritePathWarmup).FullName!));
        app.Lifetime.ApplicationStarted.Register(() => ReportListening(app));
        return app;
    }

    /// <summary>The first address the server listens on, with the real port when it was bound to port 0.</summary>
    public static Uri GetListeningUri(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The registry is not listening yet.");
        return new Uri(first);
    }

    private static void ReportListening(WebApplication app)
    {
        var url = GetListeningUri(app).ToString().TrimEnd('/');
        Console.Out.WriteLine($"registry listening on {url}");
        Console.Out.Flush();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RegistryApp).FullName!);
        Log.Listening(logger, url);
    }
}
