using GatewayMesh.Core.Hosting;
using GatewayMesh.Core.Snapshots;
using GatewayMesh.Proxy.Admin;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Policy;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security;
using GatewayMesh.Proxy.Security.Enforcement;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace GatewayMesh.Proxy.Hosting;

/// <summary>
/// The host shell every proxy shares (the ingress and the sidecar differ only in their listeners, steps and
/// role-specific parts): configuration from <c>GATEWAYMESH_*</c> environment variables and the command line (the
/// shared <see cref="ProxyHostOptions.Switches"/> plus the role's), logging to stderr, a 30 s drain on shutdown,
/// Kestrel's limits, and the proxy engine with its read-only Redis state, authorization, mesh transport and
/// certificate agent. Errors in the settings fail the start, naming the switch.
/// </summary>
public static class ProxyHost
{
    public const long MaxRequestBodyBytes = 32 * 1024 * 1024;

    /// <summary>
    /// A builder with the shared settings, and the role's options bound from <paramref name="section"/> (command line:
    /// the shared switches and <paramref name="roleSwitches"/>, e.g. <c>http-port</c> → <c>Ingress:HttpPort</c>).
    /// <paramref name="featureSwitches"/> maps switches of a feature with its own section (e.g. <c>--app-id</c> →
    /// <c>Dapr:AppId</c>); the feature reads that section from <c>builder.Configuration</c>. <paramref name="bind"/> reads
    /// the options from the section (<c>s => s.Get&lt;TOptions&gt;()</c> at the role's call site, where the type is
    /// concrete: the configuration-binding source generator can then replace the reflection binder in a native build).
    /// </summary>
    public static (WebApplicationBuilder Builder, TOptions Options) CreateBuilder<TOptions>(
        string[] args,
        string section,
        IEnumerable<string> roleSwitches,
        Func<IConfiguration, TOptions?> bind,
        IReadOnlyDictionary<string, string>? featureSwitches = null)
        where TOptions : ProxyHostOptions, new()
    {
        var builder = WebApplication.CreateSlimBuilder(ProxyHostDefaults.BuilderOptions(args));
        builder.Configuration.AddEnvironmentVariables("GATEWAYMESH_");
        var switches = CommandLineSwitches.Map(section, ProxyHostOptions.Switches, roleSwitches);
        foreach (var (name, key) in featureSwitches ?? new Dictionary<string, string>())
        {
            switches.With(name, key);
        }

        builder.Configuration.AddCommandLine(args, switches);
        var options = bind(builder.Configuration.GetSection(section)) ?? new TOptions();
        builder.Configuration.GetSection(section).Bind(options.RedisSwitches); // the Redis switches sit in the role's section too

        // stdout carries only the lines that scripts read ("... listening ..."); logs go to stderr.
        ProxyHostDefaults.ConfigureLogging(builder.Logging);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ProxyShutdown.Timeout); // drain in-flight requests, stop a sidecar's app
        return (builder, options);
    }

    /// <summary>Kestrel limits every proxy listener has: no Server header, 32 MiB bodies, 64 KiB of headers (100 at most), 16 KiB request line.</summary>
    public static void ApplyLimits(KestrelServerOptions kestrel)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
        kestrel.Limits.MaxRequestHeaderCount = 100;
        kestrel.Limits.MaxRequestLineSize = 16 * 1024;
    }

    /// <summary>
    /// Registers the proxy engine for <paramref name="identity"/> with what every proxy has: the snapshot file, the
    /// Redis building blocks (only <c>IMeshStateReader</c> and <c>IPubSub</c> are resolved: a read-only user is
    /// enough), RequestAuthentication (JWT) and AuthorizationPolicy enforcement on <paramref name="authorized"/>, mesh mTLS in the configured trust
    /// domain, policy (Mixer checks, quotas, rate limits, ext-authz: <c>AddMeshPolicy</c>), telemetry (metrics, access log,
    /// traces: <c>AddMeshTelemetry</c>), and the certificate agent when
    /// a CA is set. Call after the role's registrations that must come first.
    /// </summary>
    public static IServiceCollection AddProxyShell(
        this IServiceCollection services,
        ProxyHostOptions options,
        ProxyIdentity identity,
        AuthorizationEnforcementOptions enforcement,
        ProxyListeners authorized)
    {
        services.AddSingleton(new SnapshotWatcherOptions { SnapshotFilePath = options.EffectiveSnapshotFile });
        services.AddRedisMeshState(options.ToRedisOptions());
        services.AddMeshAuthorization(ProxySecurityOptions.FromRootNamespace(options.RootNamespace), enforcement, authorized);
        services.AddMeshAuthentication(ProxySecurityOptions.FromRootNamespace(options.RootNamespace), authorized); // RequestAuthentication (JWT) where authorization runs
        services.TryAddSingleton(new MeshTransportOptions { TrustDomain = options.TrustDomain });
        services.AddMeshPolicy(new PolicyOptions { RootNamespace = options.RootNamespace }); // after the Redis state: its quota counters win
        services.AddMeshProxy(identity);
        services.AddMeshTelemetry(); // metrics, access log, traces, peer metadata; /stats/prometheus (issue 13)
        if (options.IdentitySwitches.ToAgentOptions() is { } agent)
        {
            services.AddCertificateAgent(options.Identity(), agent);
        }

        services.AddProxyAdmin();
        return services;
    }
}
