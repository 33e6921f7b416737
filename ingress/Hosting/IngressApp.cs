using GatewayMesh.Ingress.Settings;
using GatewayMesh.Ingress.Tls;
using GatewayMesh.Proxy.Admin;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Hosting;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Pipeline.Steps;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Enforcement;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GatewayMesh.Ingress.Hosting;

/// <summary>
/// Builds the ingress gateway web application on the shared proxy host shell (<see cref="ProxyHost"/>); what is the
/// ingress's own: its HTTP and HTTPS listeners with Gateway TLS credentials, the Gateway port routing sees, and
/// stripping <c>x-forwarded-client-cert</c> from outside traffic. <c>Program</c> runs it, tests start it in-process.
/// </summary>
public static class IngressApp
{
    public const long MaxRequestBodyBytes = ProxyHost.MaxRequestBodyBytes;

    /// <param name="args">Command-line arguments (<c>--http-port</c>, <c>--admin-port</c>, <c>--redis</c>, <c>--labels</c>, ...).</param>
    /// <param name="configureServices">Runs before the ingress's own registrations, so tests can supply options, a TimeProvider or loggers.</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var (builder, options) = ProxyHost.CreateBuilder(args, IngressOptions.Section, IngressOptions.RoleSwitches, s => s.Get<IngressOptions>());
        options.Validate(); // every bad switch at once, before anything listens
        var identity = ProxyIdentity.Ingress(options.ParseLabels(), options.Namespace) with { Locality = options.ProxyLocality(options.ParseLabels()) };

        var listeners = new IngressListeners();
        GatewayCredentials? credentials = null; // resolved after Build; handshakes only start once the app runs
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            ProxyHost.ApplyLimits(kestrel);
            listeners.Configure(kestrel, options.ParseBind(), options, () => credentials!);
        });

        configureServices?.Invoke(builder.Services);
        builder.Services.AddSingleton(listeners);
        builder.Services.AddSingleton(options);
        var forwarding = builder.Services.LastOrDefault(s => s.ServiceType == typeof(MeshForwardingOptions))?.ImplementationInstance as MeshForwardingOptions;
        builder.Services.Replace(ServiceDescriptor.Singleton((forwarding ?? new MeshForwardingOptions { RouteOnGatewayPort = true }) with
        {
            HttpsRedirectPort = () => options.HttpsRedirectPort ?? listeners.HttpsUri.Port,
        }));
        builder.Services.AddProxyShell(options, identity, AuthorizationEnforcementOptions.Ingress, ProxyListeners.Ingress);
        // Both listeners; before anything reads the request: outside traffic never speaks for a mesh identity.
        builder.Services.AddProxyStep<StripClientCertStep>(PipelineStage.Prepare, ProxyListeners.Ingress);
        builder.Services.AddSingleton<GatewayCredentials>();
        builder.Services.AddHostedService<GatewayCredentialsStartup>(); // after the proxy's startup: the first config is compiled

        var app = builder.Build();
        credentials = app.Services.GetRequiredService<GatewayCredentials>();
        app.MapWhen(IngressListeners.IsAdmin, admin => admin.Run(ProxyAdminEndpoints.HandleAsync));
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
