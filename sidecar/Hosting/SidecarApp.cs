using System.Net;
using System.Net.Sockets;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Proxy.Hosting;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Policy;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;
using GatewayMesh.Proxy.Security.Enforcement;
using GatewayMesh.Proxy.Security.Transport;
using GatewayMesh.Sidecar.Admin;
using GatewayMesh.Sidecar.Inbound;
using GatewayMesh.Sidecar.Outbound;
using GatewayMesh.Sidecar.Outbound.Tunnels;
using GatewayMesh.Sidecar.Registration;
using GatewayMesh.Sidecar.Supervision;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GatewayMesh.Sidecar.Hosting;

/// <summary>Builds the sidecar web application; <c>Program</c> runs it, tests start it in-process.</summary>
public static class SidecarApp
{
    public const long MaxRequestBodyBytes = 32 * 1024 * 1024;

    /// <param name="args">Command-line arguments (<c>--service</c>, <c>--app-port</c>, <c>--registry</c>, <c>--redis</c>, ...).</param>
    /// <param name="configureServices">Runs before the sidecar's own registrations, so tests can supply a TimeProvider or loggers.</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var (rest, labels) = CommandLineArgs.ExtractLabels(args);
        var builder = WebApplication.CreateSlimBuilder(ProxyHostDefaults.BuilderOptions(rest));
        builder.Configuration.AddEnvironmentVariables("GATEWAYMESH_");
        builder.Configuration.AddCommandLine(rest, CommandLineArgs.SwitchMappings);
        var options = builder.Configuration.GetSection(SidecarOptions.SectionName).Get<SidecarOptions>() ?? new SidecarOptions();
        options.ExtraLabels.AddRange(labels);
        options.Validate();
        if (options.AppPort == 0)
        {
            options.AppPort = FreePort(); // only with --app-command: the sidecar tells the app its port
        }

        var identity = ProxyIdentity.Sidecar(options.Service, options.Namespace, options.ParseLabels());
        var listeners = new SidecarListeners();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.AllowHostHeaderOverride = true; // absolute-form targets (HTTP_PROXY requests) win over a stale Host
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
            kestrel.Limits.MaxRequestLineSize = 16 * 1024;
            listeners.Configure(kestrel, options.InboundPort, options.OutboundPort, options.AdminPort);
        });

        // stdout carries only the "sidecar ... listening" line that scripts read; logs go to stderr.
        ProxyHostDefaults.ConfigureLogging(builder.Logging);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30)); // drain in-flight requests

        configureServices?.Invoke(builder.Services);
        builder.Services.AddSingleton(listeners);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<AppProbe>();
        builder.Services.AddSingleton<ConnectTargetResolver>();
        builder.Services.AddSingleton<ConnectTunnelHandler>();
        builder.Services.AddSingleton(new SnapshotWatcherOptions { SnapshotFilePath = options.SnapshotFile });
        // Of the Redis building blocks, the proxy resolves only IMeshStateReader and IPubSub: the sidecar writes only through the registry API.
        builder.Services.AddRedisMeshState(RedisState.ToRedisOptions(options));
        builder.Services.AddMeshAuthorization(ProxySecurityOptions.FromRootNamespace(options.RootNamespace), AuthorizationEnforcementOptions.Sidecar(options.AppPort), ProxyListeners.SidecarInbound);
        builder.Services.AddProxyStep<InboundRouteStep>(PipelineStage.Match, ProxyListeners.SidecarInbound);
        builder.Services.AddProxyStep<AppForwardStep>(PipelineStage.Forward, ProxyListeners.SidecarInbound);
        builder.Services.AddProxyStep<OutboundTargetStep>(PipelineStage.Prepare, ProxyListeners.SidecarOutbound);
        builder.Services.AddSidecarInboundMtlsPolicy(options.AppPort);
        builder.Services.TryAddSingleton(new MeshTransportOptions { TrustDomain = options.TrustDomain });
        builder.Services.AddMeshPolicy(new PolicyOptions { RootNamespace = options.RootNamespace });
        builder.Services.AddMeshProxy(identity);
        if (options.IdentitySwitches.ToAgentOptions() is { } agent)
        {
            builder.Services.AddCertificateAgent(options.IdentitySwitches.Identity(options.Namespace, options.EffectiveServiceAccount), agent);
        }

        AddRegistration(builder.Services, options);
        builder.Services.AddHostedService<AppSupervisor>();

        var app = builder.Build();
        app.MapWhen(c => SidecarListeners.Is(c, SidecarListener.Admin), admin => admin.Run(AdminEndpoints.HandleAsync));
        app.MapWhen(c => SidecarListeners.Is(c, SidecarListener.Inbound), inbound => inbound.UseProxyPipeline(ProxyListener.SidecarInbound));
        app.UseProxyPipeline(ProxyListener.SidecarOutbound);
        app.Lifetime.ApplicationStarted.Register(() => ReportListening(app, listeners, options));
        return app;
    }

    private static void AddRegistration(IServiceCollection services, SidecarOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Registry))
        {
            return;
        }

        var token = string.IsNullOrWhiteSpace(options.RegistryTokenFile) ? null : File.ReadAllText(options.RegistryTokenFile).Trim();
        services.AddSingleton(new RegistryClient(new Uri(options.Registry.TrimEnd('/') + "/"), token));
        services.AddSingleton<RegistrationService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RegistrationService>());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void ReportListening(WebApplication app, SidecarListeners listeners, SidecarOptions options)
    {
        var inbound = listeners.InboundUri.ToString().TrimEnd('/');
        var outbound = listeners.OutboundUri.ToString().TrimEnd('/');
        var admin = listeners.AdminUri.ToString().TrimEnd('/');
        Console.Out.WriteLine($"sidecar {options.Service} inbound {inbound} outbound {outbound} admin {admin}");
        Console.Out.Flush();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SidecarApp).FullName!);
        Log.Listening(logger, options.Service, inbound, outbound, admin, options.AppPort);
        if (app.Services.GetService<RegistrationService>() is null)
        {
            Log.NotRegistering(logger);
        }
    }
}
