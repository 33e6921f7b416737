using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// Keeps a <see cref="ResilienceTable"/> for the route table the proxy serves. It follows <see cref="ProxyState"/>'s
/// change token, so pipelines are built off the request path right after each reload; a request that arrives before
/// that (or carries an older config) builds or finds its table under a lock. Tables only move forward in revision.
/// </summary>
public sealed class ResilienceState : IDisposable
{
    private readonly RouteResilienceBuilder _builder;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly IDisposable? _subscription;
    private ResilienceTable _table = ResilienceTable.Empty;

    public ResilienceState(RouteResilienceBuilder builder, ILogger<ResilienceState> logger, ProxyState? proxy = null)
    {
        _builder = builder;
        _logger = logger;
        if (proxy is not null)
        {
            _subscription = ChangeToken.OnChange(proxy.GetChangeToken, () => Update(proxy.Current));
            Update(proxy.Current);
        }
    }

    public ResilienceTable Current => Volatile.Read(ref _table);

    /// <summary>The pipeline of <paramref name="rule"/> and <paramref name="destination"/> as compiled in <paramref name="config"/>.</summary>
    public RouteResilience Find(AppliedConfig config, HttpRouteRule rule, WeightedDestination destination)
    {
        var table = Current;
        if (table.TryGet(rule, destination, out var route))
        {
            return route;
        }

        table = Update(config);
        if (table.TryGet(rule, destination, out route))
        {
            return route;
        }

        // A request still holding an older config than the table: build its route alone, reusing equal pipelines.
        var key = new PipelineKey(destination.Cluster, ResiliencePolicy.From(rule.Policies));
        var name = rule.Name ?? "route";
        return _builder.Create(name, key, table.Pipelines.TryGetValue(key, out var pipeline) ? pipeline : _builder.BuildPipeline(name, key));
    }

    /// <summary>Builds the table for <paramref name="config"/> unless the current one is for it or for a newer revision.</summary>
    public ResilienceTable Update(AppliedConfig config)
    {
        lock (_lock)
        {
            var current = _table;
            if (ReferenceEquals(current.Routes, config.Routes) || config.Revision < current.Revision)
            {
                return current;
            }

            var (table, built, reused) = ResilienceTable.Build(config.Revision, config.Routes, current, _builder);
            Volatile.Write(ref _table, table);
            ResilienceLog.TableBuilt(_logger, config.Revision, table.Count, built, reused);
            return table;
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
