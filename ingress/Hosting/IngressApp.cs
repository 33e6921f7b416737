using System.Net;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Ingress.Admin;
using GatewayMesh.Ingress.Tls;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Hosting;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Pipeline.Steps;
using GatewayMesh.Proxy.Policy;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;
using GatewayMesh.Proxy.Security.Enforcement;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GatewayMesh.Ingress.Hosting;

/// <summary>Builds the ingress gateway web application; <c>Program</c> runs it, tests start it in-process.</summary>
public static class IngressApp
{
    public const long MaxRequestBodyBytes = 32 * 1024 * 1024;

    /// <param name="args">Command-line arguments (<c>--http-port</c>, <c>--admin-port</c>, <c>--redis</c>, <c>--labels</c>, ...).</param>
    /// <param name="configureServices">Runs before the ingress's own registrations, so tests can supply options, a TimeProvider or loggers.</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(ProxyHostDefaults.BuilderOptions(args));
        builder.Configuration.AddEnvironmentVariables("GATEWAYMESH_");
        builder.Configuration.AddCommandLine(args, CommandLineArgs.SwitchMappings);
        var options = builder.Configuration.GetSection(IngressOptions.SectionName).Get<IngressOptions>() ?? new IngressOptions();
        var identity = ProxyIdentity.Ingress(options.ParseLabels(), options.Namespace);
        _ = options.IdentitySwitches.Identity(options.Namespace, options.ServiceAccount); // fail fast naming the switch

        var listeners = new IngressListeners();
        GatewayCredentials? credentials = null; // resolved after Build; handshakes only start once the app runs
        InlineScheduling.Configure(builder.WebHost);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 100;
            kestrel.Limits.MaxRequestLineSize = 16 * 1024;
            listeners.Configure(kestrel, IPAddress.Parse(options.Bind), options, () => credentials!);
        });

        // stdout carries only the "listening on" lines that scripts read; logs go to stderr.
        ProxyHostDefaults.ConfigureLogging(builder.Logging);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30)); // drain in-flight requests

        configureServices?.Invoke(builder.Services);
        builder.Services.AddSingleton(listeners);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(new SnapshotWatcherOptions { SnapshotFilePath = options.SnapshotFile });
        // Of the Redis building blocks, the proxy resolves only IMeshStateReader and IPubSub: the ingress never writes.
        builder.Services.AddRedisMeshState(RedisState.ToRedisOptions(options));
        var forwarding = builder.Services.LastOrDefault(s => s.ServiceType == typeof(MeshForwardingOptions))?.ImplementationInstance as MeshForwardingOptions;
        builder.Services.Replace(ServiceDescriptor.Singleton((forwarding ?? new MeshForwardingOptions { RouteOnGatewayPort = true }) with
        {
            HttpsRedirectPort = () => options.HttpsRedirectPort ?? listeners.HttpsUri.Port,
        }));
        builder.Services.AddMeshAuthorization(ProxySecurityOptions.FromRootNamespace(options.RootNamespace), AuthorizationEnforcementOptions.Ingress, ProxyListeners.Ingress);
        // Both listeners; before anything reads the request: outside traffic never speaks for a mesh identity.
        builder.Services.AddProxyStep<StripClientCertStep>(PipelineStage.Prepare, ProxyListeners.Ingress);
        builder.Services.TryAddSingleton(new MeshTransportOptions { TrustDomain = options.TrustDomain });
        builder.Services.AddMeshPolicy(new PolicyOptions { RootNamespace = options.RootNamespace });
        builder.Services.AddMeshProxy(identity);
        if (options.IdentitySwitches.ToAgentOptions() is { } agent)
        {
            builder.Services.AddCertificateAgent(options.IdentitySwitches.Identity(options.Namespace, options.ServiceAccount), agent);
        }
        builder.Services.AddSingleton<GatewayCredentials>();
        builder.Services.AddHostedService<GatewayCredentialsStartup>(); // after the proxy's startup: the first config is compiled

        var app = builder.Build();
        credentials = app.Services.GetRequiredService<GatewayCredentials>();
        app.MapWhen(IngressListeners.IsAdmin, admin => admin.Run(AdminEndpoints.HandleAsync));
        app.UseProxyPipeline(ProxyListener.Ingress);
        app.Lifetime.ApplicationStarted.Register(() => ReportListening(app, listeners, options));
        return app;
    }

    private static void ReportListening(WebApplication app, IngressListeners listeners, IngressOptions options)
    {
        var http = listeners.HttpUri.ToString().TrimEnd('/');
        var https = listeners.HttpsUri.ToString().TrimEnd('/');
        var admin = listeners.AdminUri.ToString().TrimEnd('/');
        Console.Out.WriteLine($"ingress listening on {http}");
        Console.Out.WriteLine($"https listening on {https}");
        Console.Out.WriteLine($"admin listening on {admin}");
        Console.Out.Flush();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IngressApp).FullName!);
        Log.Listening(logger, http, https, admin, options.Labels);
    }
}
