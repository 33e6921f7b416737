using GatewayMesh.Core.Hosting;
using GatewayMesh.Proxy.Admin;
using GatewayMesh.Proxy.Hosting;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Enforcement;
using GatewayMesh.Sidecar.Admin;
using GatewayMesh.Sidecar.Dapr.Hosting;
using GatewayMesh.Sidecar.Dapr.Settings;
using GatewayMesh.Sidecar.Inbound;
using GatewayMesh.Sidecar.Listeners;
using GatewayMesh.Sidecar.Outbound;
using GatewayMesh.Sidecar.Outbound.Passthrough;
using GatewayMesh.Sidecar.Outbound.Tunnels;
using GatewayMesh.Sidecar.Registration;
using GatewayMesh.Sidecar.Settings;
using GatewayMesh.Sidecar.Supervision;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace GatewayMesh.Sidecar.Hosting;

/// <summary>
/// Builds the sidecar web application on the shared proxy host shell (<see cref="ProxyHost"/>); what is the sidecar's
/// own: its inbound, outbound and admin listeners, the inbound steps (to the app) and the outbound target step, CONNECT
/// tunnels, registration, readiness that waits for the app, and app supervision. <c>Program</c> runs it, tests start
/// it in-process.
/// </summary>
public static class SidecarApp
{
    public const long MaxRequestBodyBytes = ProxyHost.MaxRequestBodyBytes;

    /// <param name="args">Command-line arguments (<c>--service</c>, <c>--app-port</c>, <c>--registry</c>, <c>--redis</c>, ...).</param>
    /// <param name="configureServices">Runs before the sidecar's own registrations, so tests can supply a TimeProvider or loggers.</param>
    public static WebApplication Create(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var (rest, labels) = CommandLineSwitches.ExtractRepeated(args, "label");
        var (builder, options) = ProxyHost.CreateBuilder(
            rest, SidecarOptions.Section, SidecarOptions.RoleSwitches, s => s.Get<SidecarOptions>(), DaprApiOptions.Switches);
        options.ExtraLabels.AddRange(labels);
        SettingsProblems.ThrowIfInvalid("sidecar", options, DaprSettings.Bind(builder.Configuration)); // every bad switch at once, before anything listens
        PortReservation? appPort = null;
        if (options.AppPort == 0)
        {
            appPort = HandOffPort.Reserve(); // only with --app-command: the sidecar tells the app its port, held until the app starts
            options.AppPort = appPort.Port;
        }

        var identity = ProxyIdentity.Sidecar(options.Service, options.Namespace, options.ParseLabels()) with
        {
            RootNamespace = options.RootNamespace,
            Locality = options.ProxyLocality(options.ParseLabels()),
        };
        var listeners = new SidecarListeners();
        var dapr = DaprSettings.From(builder.Configuration, options);
        var daprListeners = new DaprListeners();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            ProxyHost.ApplyLimits(kestrel);
            kestrel.AllowHostHeaderOverride = true; // absolute-form targets (HTTP_PROXY requests) win over a stale Host
            SidecarKestrel.Listen(kestrel, listeners, options.ParseBind(), options.InboundPort, options.OutboundPort, options.AdminPort, options.CapturesIptables);
            daprListeners.Configure(kestrel, dapr);
        });

        configureServices?.Invoke(builder.Services);
        builder.Services.AddSingleton(listeners);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<AppProbe>();
        builder.Services.AddSingleton<ConnectTargetResolver>();
        builder.Services.AddSingleton<TunnelBudget>();
        builder.Services.AddSingleton<ConnectTunnelHandler>();
        builder.Services.AddSingleton<PassthroughHandler>();
        builder.Services.AddSidecarInboundMtlsPolicy(options.AppPort); // before the shell: its transport TryAdds PERMISSIVE
        builder.Services.AddProxyShell(options, identity, AuthorizationEnforcementOptions.Sidecar(options.AppPort), ProxyListeners.SidecarInbound);
        builder.Services.AddProxyStep<InboundRouteStep>(PipelineStage.Match, ProxyListeners.SidecarInbound);
        builder.Services.AddProxyStep<AppForwardStep>(PipelineStage.Forward, ProxyListeners.SidecarInbound);
        builder.Services.AddProxyStep<OutboundTargetStep>(PipelineStage.Prepare, ProxyListeners.SidecarOutbound);
        builder.Services.AddConfigCompiler<OutboundScope, OutboundScopeCompiler>(); // the Sidecar kind's outboundTrafficPolicy for OutboundTargetStep
        builder.Services.AddConfigCompiler<InboundTarget, InboundTargetCompiler>(); // the Sidecar kind's ingress defaultEndpoint for AppForwardStep
        builder.Services.AddSingleton<UnixSocketClients>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, AppReadiness>());
        builder.Services.AddDaprApi(dapr, daprListeners);
        AddRegistration(builder.Services, options);
        builder.Services.AddSingleton(new HeldAppPort(appPort));
        builder.Services.AddSingleton<AppSupervisor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AppSupervisor>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, AppProcessReadiness>());

        var app = builder.Build();
        app.UseDaprApi();
        app.MapWhen(c => SidecarListeners.Is(c, SidecarListener.Admin), admin => admin.Run(ProxyAdminEndpoints.HandleAsync));
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
        services.AddSingleton(new RegistryClient(options.RegistryUrls(), token));
        services.AddSingleton<RegistrationService>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RegistrationService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IReadinessCheck, RegistrationReadiness>());
        if (!string.IsNullOrWhiteSpace(options.WorkloadGroup))
        {
            // Istio's VM health checking: the group's readiness probe, run here, decides whether the member takes traffic.
            services.AddConfigCompiler<GroupProbe, GroupProbeCompiler>();
            services.AddSingleton<GroupProbeCheck>();
            services.AddSingleton<GroupHealthProber>();
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<GroupHealthProber>());
        }
    }

    private static void ReportListening(WebApplication app, SidecarListeners listeners, SidecarOptions options)
    {
        var inbound = listeners.InboundUri.ToString().TrimEnd('/');
        var outbound = listeners.OutboundUri.ToString().TrimEnd('/');
        var admin = listeners.AdminUri.ToString().TrimEnd('/');
        Console.Out.WriteLine($"sidecar {options.Service} inbound {inbound} outbound {outbound} admin {admin}");
        if (options.CapturesIptables)
        {
            // The init container's rules send every inbound TCP connection here, whatever port it was for: each goes to
            // the app on the port it was dialled on (SO_ORIGINAL_DST, read once per connection: Capture/OriginalDestination).
            // The app's outbound connections arrive on the outbound listener: HTTP is routed by Host, anything else is
            // carried as TCP to its original destination (ALLOW_ANY) or closed (REGISTRY_ONLY; Outbound/Passthrough).
            Console.Out.WriteLine("capture iptables: inbound connections go to the app on 127.0.0.1:<original port>, outbound non-HTTP passes through");
        }

        DaprSettings.ReportListening(app.Services);
        Console.Out.Flush();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SidecarApp).FullName!);
        Log.Listening(logger, options.Service, inbound, outbound, admin, options.AppPort);
        if (app.Services.GetService<RegistrationService>() is null)
        {
            Log.NotRegistering(logger);
        }
    }
}
