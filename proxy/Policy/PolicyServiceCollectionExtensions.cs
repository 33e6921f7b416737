using GatewayMesh.Core.Blocks.Quota;
using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Policy;
using GatewayMesh.Proxy.Policy.Compilation;
using GatewayMesh.Proxy.Policy.ExtAuthz;
using GatewayMesh.Proxy.Policy.Quotas;
using GatewayMesh.Proxy.Policy.RateLimits;
using GatewayMesh.Proxy.Policy.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Policy's one DI entry point.</summary>
public static class PolicyServiceCollectionExtensions
{
    /// <summary>
    /// Adds policy to a proxy: the compiler of its config, the policy step on the ingress and sidecar inbound listeners,
    /// the Mixer telemetry recorder on the same listeners and its background writer. Shared quotas and global rate limits
    /// count in the <see cref="IQuotaCounters"/> registered (the mesh's Redis); without one they are counted in memory.
    /// </summary>
    public static IServiceCollection AddMeshPolicy(this IServiceCollection services, PolicyOptions? options = null)
    {
        services.TryAddSingleton(options ?? PolicyOptions.Default);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IQuotaCounters, GatewayMesh.Core.Blocks.InMemory.InMemoryQuotaCounters>();
        services.TryAddSingleton<PolicyMetrics>();
        services.TryAddSingleton(sp => new MemQuotaWindows(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new QuotaTokenPools(sp.GetRequiredService<IQuotaCounters>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<PolicyOptions>().SharedCounterTimeout));
        services.TryAddSingleton<QuotaEnforcer>();
        services.TryAddSingleton<LocalRateLimiters>();
        services.TryAddSingleton(sp => new GlobalRateLimiter(sp.GetRequiredService<IQuotaCounters>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<PolicyMetrics>(),
            sp.GetRequiredService<PolicyOptions>().SharedCounterTimeout));
        services.TryAddSingleton<ExtAuthzClient>();
        services.TryAddSingleton(sp => new TelemetryBuffer(sp.GetRequiredService<PolicyMetrics>()));
        services.TryAddSingleton<MixerMetricInstruments>();
        services.TryAddSingleton(_ => new StdioLogWriter(Console.OpenStandardOutput(), Console.OpenStandardError()));
        services.AddHostedService<TelemetryWriter>();
        services.AddConfigCompiler<CompiledPolicy, PolicyConfigCompiler>();
        services.AddProxyStep<PolicyStep>(PipelineStage.Policy, ProxyListeners.Ingress | ProxyListeners.SidecarInbound);
        services.AddRequestRecorder<MixerTelemetryRecorder>(ProxyListeners.All);
        return services;
    }
}
