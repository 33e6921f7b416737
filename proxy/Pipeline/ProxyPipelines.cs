using GatewayMesh.Proxy.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>
/// The request pipelines of this proxy, one per listener, built once from the registered steps and recorders
/// (<see cref="PipelineServiceCollectionExtensions.AddProxyStep{TStep}"/>): steps sorted by stage, then by registration
/// order. Front doors (Dapr invocation) run a request through <see cref="SidecarOutbound"/> rather than forwarding it themselves.
/// </summary>
public sealed class ProxyPipelines
{
    /// <summary>Enough pooled request contexts for a busy proxy; beyond this, extra ones are left to the GC.</summary>
    private const int PooledRequests = 1024;

    private readonly ProxyPipeline[] _pipelines;

    public ProxyPipelines(
        IServiceProvider services,
        IEnumerable<ProxyStepRegistration> steps,
        IEnumerable<RequestRecorderRegistration> recorders,
        ProxyState state,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        var pool = new DefaultObjectPool<ProxyRequest>(new RequestPolicy(), PooledRequests);
        var logger = loggers.CreateLogger("GatewayMesh.Proxy.Pipeline");
        var stepList = steps.ToList();
        var recorderList = recorders.ToList();
        _pipelines = Enum.GetValues<ProxyListener>().Select(listener =>
        {
            var listenerSteps = stepList
                .Select((registration, order) => (registration, order))
                .Where(s => s.registration.Listeners.Includes(listener))
                .OrderBy(s => s.registration.Stage).ThenBy(s => s.order)
                .Select(s => (IProxyStep)services.GetRequiredService(s.registration.StepType))
                .ToArray();
            var listenerRecorders = recorderList
                .Where(r => r.Listeners.Includes(listener))
                .Select(r => (IRequestRecorder)services.GetRequiredService(r.RecorderType))
                .ToArray();
            return new ProxyPipeline(listener, listenerSteps, listenerRecorders, state, time, pool, logger);
        }).ToArray();
    }

    public ProxyPipeline Ingress => this[ProxyListener.Ingress];

    public ProxyPipeline SidecarInbound => this[ProxyListener.SidecarInbound];

    public ProxyPipeline SidecarOutbound => this[ProxyListener.SidecarOutbound];

    public ProxyPipeline this[ProxyListener listener] => _pipelines[(int)listener];

    private sealed class RequestPolicy : IPooledObjectPolicy<ProxyRequest>
    {
        public ProxyRequest Create() => new();

        public bool Return(ProxyRequest obj) => true; // reset by the pipeline before it is returned
    }
}
