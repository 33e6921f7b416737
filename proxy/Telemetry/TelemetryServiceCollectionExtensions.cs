using GatewayMesh.Proxy.Admin;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.State;
using GatewayMesh.Proxy.Telemetry.AccessLog;
using GatewayMesh.Proxy.Telemetry.Config;
using GatewayMesh.Proxy.Telemetry.Exposition;
using GatewayMesh.Proxy.Telemetry.Metrics;
using GatewayMesh.Proxy.Telemetry.Peers;
using GatewayMesh.Proxy.Telemetry.Steps;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the proxy's telemetry: the pre-aggregated standard metrics, the access-log writer (stdout), the
    /// OpenTelemetry meter provider that collects the runtime's and every <c>GatewayMesh.*</c> meter, and the
    /// <c>/stats/prometheus</c> exposition. Register <see cref="TelemetryDefaults"/> first to change the mesh defaults.
    /// </summary>
    public static IServiceCollection AddMeshTelemetry(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => TelemetryDefaults.From(sp.GetService<Microsoft.Extensions.Configuration.IConfiguration>()));
        services.TryAddSingleton(_ => new IstioMetricsRecorder());
        services.TryAddSingleton(_ => new AccessLogWriter(Console.Out));
        services.TryAddSingleton<SdkMetricsReader>();
        services.TryAddSingleton(sp => new ProxyMeters(
            sp.GetRequiredService<ProxyState>(),
            sp.GetService<IEndpointHealthView>(),
            sp.GetRequiredService<IstioMetricsRecorder>(),
            sp.GetService<AccessLogWriter>()));
        services.TryAddSingleton(sp =>
        {
            _ = sp.GetRequiredService<ProxyMeters>(); // its instruments must exist before the first collection
            return Sdk.CreateMeterProviderBuilder()
                .AddMeter("GatewayMesh.*")
                .AddMeter("System.Runtime") // .NET's runtime meter: CPU, GC, memory, thread pool, exceptions
                .AddReader(sp.GetRequiredService<SdkMetricsReader>().Reader)
                .Build();
        });
        services.TryAddSingleton(sp => new StatsEndpoint(
            sp.GetRequiredService<IstioMetricsRecorder>(),
            sp.GetRequiredService<MeterProvider>(),
            sp.GetRequiredService<SdkMetricsReader>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAdminEndpoint, StatsEndpoint>(sp => sp.GetRequiredService<StatsEndpoint>()));

        // The request path: who calls whom (peer metadata in, workloads named), then the record step.
        services.TryAddSingleton(sp => new MeshWorkloads(
            sp.GetRequiredService<ProxyState>().Identity,
            sp.GetService<IWorkloadCertificateSource>()?.Identity));
        services.AddConfigCompiler<TelemetryPolicy, TelemetryConfigCompiler>();
        services.AddProxyStep<PeerMetadataStep>(PeerMetadataStep.Stage, ProxyListeners.All);
        services.AddProxyStep<MeshHopStep>(PipelineStage.BeforeForward, ProxyListeners.Ingress | ProxyListeners.SidecarOutbound);
        services.AddRequestRecorder<TelemetryRecorder>(ProxyListeners.All);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, MeterProviderStartup>());
        return services;
    }
}
