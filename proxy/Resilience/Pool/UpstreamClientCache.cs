using GatewayMesh.Proxy.Clusters;
using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.Security.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatewayMesh.Proxy.Resilience.Pool;

/// <summary>
/// Upstream clients for clusters whose <c>connectionPool</c> shapes the client (connect timeout, connections per
/// cluster, idle timeout, connection lifetime, requests per connection), keyed by those
/// <see cref="UpstreamClientSettings"/>: clusters with equal settings share a client (a cluster with
/// <c>maxConnections</c> has its own, since it counts its own connections), and a reload that keeps the
/// settings keeps the client and its connections. A client no cluster uses any more is disposed after a grace period,
/// so requests still running on it finish. Clusters reached over mesh mTLS get a client per distinct set of accepted
/// server identities (<see cref="UpstreamTls"/>), with the same reuse. Other clusters use the proxy's shared client.
/// </summary>
public sealed class UpstreamClientCache : IDisposable
{
    private readonly Lock _lock = new();
    private readonly MeshForwardingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly UpstreamTls? _tls;
    private readonly List<ITimer> _retiring = [];
    private Dictionary<UpstreamClientSettings, HttpMessageInvoker> _clients = [];

    public UpstreamClientCache(MeshForwardingOptions options, TimeProvider? time = null, ILogger<UpstreamClientCache>? logger = null, UpstreamTls? tls = null)
    {
        _tls = tls;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger<UpstreamClientCache>.Instance;
    }

    /// <summary>Mesh mTLS for the clients built here; null when the host gives none (no client originates mTLS).</summary>
    public UpstreamTls? Tls => _tls;

    /// <summary>How long a retired client is kept for the requests still using it: the activity timeout plus a minute.</summary>
    public TimeSpan RetireGrace => _options.ActivityTimeout + TimeSpan.FromMinutes(1);

    /// <summary>Clients alive for the current table.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>The client of every cluster that needs its own; clusters left out use the shared client.</summary>
    public IReadOnlyDictionary<ClusterKey, HttpMessageInvoker> Sync(ClusterTable table)
    {
        lock (_lock)
        {
            var previous = _clients;
            var clients = new Dictionary<UpstreamClientSettings, HttpMessageInvoker>();
            var byCluster = new Dictionary<ClusterKey, HttpMessageInvoker>();
            foreach (var (key, cluster) in table.Clusters)
            {
                var pool = UpstreamClientSettings.From(cluster.Policy.ConnectionPool, _options);
                var identities = _tls?.ServerIdentities(cluster) ?? default;
                if (pool is null && identities.IsEmpty)
                {
                    continue;
                }

                var settings = (pool ?? UpstreamClientSettings.Default(_options)) with
                {
                    ServerIdentities = identities,
                    Cluster = pool is { MaxConnections: not int.MaxValue } ? key : null,
                };

                if (!clients.TryGetValue(settings, out var client))
                {
                    if (!previous.TryGetValue(settings, out client))
                    {
                        client = new HttpMessageInvoker(UpstreamHandlers.Create(settings, _tls), disposeHandler: true);
                        Log.ClientCreated(_logger, settings);
                    }

                    clients[settings] = client;
                }

                byCluster[key] = client;
            }

            foreach (var (settings, client) in previous)
            {
                if (!clients.ContainsKey(settings))
                {
                    Retire(settings, client);
                }
            }

            _clients = clients;
            return byCluster;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var timer in _retiring)
            {
                timer.Dispose();
            }

            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }

            _clients = [];
            _retiring.Clear();
        }
    }

    private void Retire(UpstreamClientSettings settings, HttpMessageInvoker client)
    {
        Log.ClientRetired(_logger, settings, RetireGrace);
        ITimer? timer = null;
        timer = _time.CreateTimer(
            _ =>
            {
                client.Dispose();
                lock (_lock)
                {
                    _retiring.Remove(timer!);
                }

                timer?.Dispose();
            },
            null,
            RetireGrace,
            Timeout.InfiniteTimeSpan);
        _retiring.Add(timer);
    }
}
