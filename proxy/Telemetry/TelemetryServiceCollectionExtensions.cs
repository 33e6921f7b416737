using GatewayMesh.Proxy.Admin;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Resilience.Outlier;
using GatewayMesh.Proxy.State;
using GatewayMesh.Proxy.Telemetry.AccessLog;
using GatewayMesh.Proxy.Telemetry.Config;
using GatewayMesh.Proxy.Telemetry.Exposition;
using GatewayMesh.Proxy.Telemetry.Metrics;
using GatewayMesh.Proxy.Telemetry.Peers;
using GatewayMesh.Proxy.Telemetry.Steps;
using GatewayMesh.Proxy.Telemetry.Tracing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Microsoft.Extensions.DependencyInjection;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers the proxy's telemetry: the pre-aggregated standard metrics, the access-log writer (stdout), the
    /// OpenTelemetry meter provider that collects the runtime's and every <c>GatewayMesh.*</c> meter, the
    /// <c>/stats/prometheus</c> exposition, and spans exported over OTLP when the standard variables name a receiver. Register <see cref="TelemetryDefaults"/> first to change the mesh defaults.
    /// </summary>
    public static IServiceCollection AddMeshTelemetry(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => TelemetryDefaults.From(sp.GetService<Microsoft.Extensions.Configuration.IConfiguration>()));
        services.TryAddSingleton(_ => new IstioMetricsRecorder());
        services.TryAddSingleton(_ => new AccessLogWriter(Console.Out));
        services.TryAddSingleton<SdkMetricsReader>();
        services.TryAddSingleton(sp => new ProxyMeters(
            sp.GetRequiredService<ProxyState>(),
            // Live ejections: a registered view, else outlier detection's (as the admin pages read them).
            sp.GetService<IEndpointHealthView>() ?? (sp.GetService<OutlierDetector>() is { } outliers ? new OutlierEndpointHealthView(outliers) : null),
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
        services.AddProxyStep<BodyCountingStep>(BodyCountingStep.Stage, ProxyListeners.All);
        services.AddProxyStep<PeerMetadataStep>(PeerMetadataStep.Stage, ProxyListeners.All);
        services.AddProxyStep<MeshHopStep>(PipelineStage.BeforeForward, ProxyListeners.Ingress | ProxyListeners.SidecarOutbound);
        services.AddRequestRecorder<TelemetryRecorder>(ProxyListeners.All);

        // TCP streams: upgraded requests (WebSockets) through a step, the sidecar's CONNECT tunnels through the recorder.
        services.AddProxyStep<UpgradedStreamStep>(PipelineStage.BeforeForward, ProxyListeners.All);
        services.TryAddSingleton<ITcpStreamRecorder, TcpStreamRecorder>();

        // Traces: a span per hop when OTEL_EXPORTER_OTLP_* name a receiver (else the step does nothing), ended by its recorder.
        services.TryAddSingleton(sp => TracingOptions.From(sp.GetService<Microsoft.Extensions.Configuration.IConfiguration>()));
        services.TryAddSingleton<ProxyTracer>();
        services.AddProxyStep<TracingStep>(TracingStep.Stage, ProxyListeners.All);
        services.AddRequestRecorder<TracingRecorder>(ProxyListeners.All);
        services.AddRequestRecorder<BodyCounterRelease>(ProxyListeners.All); // last telemetry recorder: the bodies put back
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, MeterProviderStartup>());
        return services;
    }
}
