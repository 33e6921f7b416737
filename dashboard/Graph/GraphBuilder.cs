using System.Globalization;
using GatewayMesh.Dashboard.Scraping;

namespace GatewayMesh.Dashboard.Graph;

/// <summary>
/// Builds the service graph from two scrapes of every proxy (the newest and the oldest in the window), as Kiali does
/// from Prometheus: edges and rates from the client side's <c>istio_requests_total{reporter="source"}</c> (it also sees
/// calls that never reached the server: faults, no healthy upstream), latency from the same side's duration
/// histogram, and the mTLS lock from the server side's <c>connection_security_policy</c>. Rates are increases over the
/// window (a counter that went down was reset, its whole value counts). Pure.
/// </summary>
internal static class GraphBuilder
{
    public static ServiceGraph Build(MeshScrape earlier, MeshScrape latest)
    {
        var seconds = Math.Max(0, (latest.Time - earlier.Time).TotalSeconds);
        var before = Index(earlier.Samples);
        var nodes = new Dictionary<string, NodeBuilder>(StringComparer.Ordinal);
        var edges = new Dictionary<(string, string), EdgeBuilder>();

        foreach (var sample in latest.Samples)
        {
            var reporter = sample.Label("reporter");
            var source = NodeFor(nodes, sample, "source");
            var target = NodeFor(nodes, sample, "destination");
            if (!edges.TryGetValue((source.Id, target.Id), out var edge))
            {
                edge = new EdgeBuilder(source.Id, target.Id, sample.Label("destination_service"));
                edges[(source.Id, target.Id)] = edge;
            }

            var increase = Increase(sample, before);
            if (sample.Name == "istio_requests_total")
            {
                if (reporter == "source")
                {
                    edge.AddRequests(sample, increase);
                }
                else if (reporter == "destination")
                {
                    edge.AddSecurity(sample.Label("connection_security_policy") == "mutual_tls", increase, sample.Value);
                }
            }
            else if (reporter == "source" && Bound(sample.Label("le")) is { } bound)
            {
                edge.AddBucket(bound, increase);
            }
        }

        foreach (var status in latest.Proxies)
        {
            var node = ProxyNode(nodes, status.Target);
            var sync = !status.Up ? "DOWN" : status.Revision is { } r && latest.StoreRevision is { } store ? (r >= store ? "SYNCED" : "STALE") : "UNKNOWN";
            node.Proxy = new ProxyView(status.Target.Name, status.Target.Role, status.Up, sync, status.Revision, status.CertificateExpiry, status.Identity, status.Ejected, status.Error);
        }

        var builtEdges = edges.Values.Where(e => e.HasClientSide).Select(e => e.Build(seconds)).OrderBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Target, StringComparer.Ordinal).ToList();
        foreach (var edge in builtEdges)
        {
            nodes[edge.Target].Health = HealthThresholds.Worst(nodes[edge.Target].Health, edge.Health);
        }

        var usedNodes = nodes.Values.Where(n => n.Proxy is not null || builtEdges.Any(e => e.Source == n.Id || e.Target == n.Id));
        return new ServiceGraph(latest.Time, seconds, latest.StoreRevision, [.. usedNodes.Select(n => n.Build()).OrderBy(n => n.Id, StringComparer.Ordinal)], builtEdges);
    }

    private static double? Bound(string le) =>
        le == "+Inf" ? double.PositiveInfinity : double.TryParse(le, NumberStyles.Float, CultureInfo.InvariantCulture, out var bound) ? bound : null;

    private static Dictionary<string, double> Index(IReadOnlyList<PrometheusSample> samples)
    {
        var index = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var sample in samples)
        {
            index[Key(sample)] = sample.Value;
        }

        return index;
    }

    private static double Increase(PrometheusSample sample, Dictionary<string, double> before) =>
        before.TryGetValue(Key(sample), out var earlier) && earlier <= sample.Value ? sample.Value - earlier : sample.Value;

    private static string Key(PrometheusSample sample) =>
        sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";

    /// <summary>The node of one side of a sample: its workload, or its service when the workload is unknown (the call reached no workload).</summary>
    private static NodeBuilder NodeFor(Dictionary<string, NodeBuilder> nodes, PrometheusSample sample, string side)
    {
        var workload = sample.Label($"{side}_workload");
        var ns = sample.Label($"{side}_workload_namespace");
        if (workload is "" or "unknown")
        {
            var service = side == "destination" ? sample.Label("destination_service_name") : "unknown";
            var serviceNs = side == "destination" ? sample.Label("destination_service_namespace") : "unknown";
            return Node(nodes, $"{serviceNs}/{service}", service, serviceNs, service, "", "service");
        }

        return Node(nodes, $"{ns}/{workload}", workload, ns, sample.Label($"{side}_app"), sample.Label($"{side}_version"), "workload");
    }

    private static NodeBuilder ProxyNode(Dictionary<string, NodeBuilder> nodes, ProxyTarget target)
    {
        var workload = target.Role == "ingress" ? "istio-ingressgateway" : target.Name;
        var ns = target.Role == "ingress" ? "istio-system" : target.Namespace ?? "default";
        return Node(nodes, $"{ns}/{workload}", workload, ns, target.App, target.Version ?? "", "workload");
    }

    private static NodeBuilder Node(Dictionary<string, NodeBuilder> nodes, string id, string name, string ns, string app, string version, string kind)
    {
        if (!nodes.TryGetValue(id, out var node))
        {
            node = new NodeBuilder(id, name, ns, app is "" or "unknown" ? name : app, version is "unknown" ? "" : version, kind);
            nodes[id] = node;
        }

        return node;
    }

    private sealed class NodeBuilder(string id, string name, string ns, string app, string version, string kind)
    {
        public string Id { get; } = id;

        public Health Health { get; set; } = Health.Idle;

        public ProxyView? Proxy { get; set; }

        public GraphNode Build() => new(Id, name, ns, app, version, kind, Health, Proxy);
    }

    private sealed class EdgeBuilder(string source, string target, string service)
    {
        private readonly Dictionary<string, double> _codes = new(StringComparer.Ordinal);
        private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
        private readonly SortedDictionary<double, double> _buckets = [];
        private double _requests;
        private double _serverErrors;
        private double _clientErrors;
        private double _total;
        private double _mtlsWindow;
        private double _plainWindow;
        private double _mtlsTotal;
        private double _plainTotal;

        public bool HasClientSide { get; private set; }

        public void AddRequests(PrometheusSample sample, double increase)
        {
            HasClientSide = true;
            _total += sample.Value;
            _requests += increase;
            var code = sample.Label("response_code");
            if (code.StartsWith('5') || code == "0")
            {
                _serverErrors += increase;
            }
            else if (code.StartsWith('4'))
            {
                _clientErrors += increase;
            }

            _codes[code] = _codes.GetValueOrDefault(code) + increase;
            if (increase > 0 && sample.Label("response_flags") is { Length: > 0 } flags && flags != "-")
            {
                _flags.UnionWith(flags.Split(','));
            }
        }

        public void AddSecurity(bool mutualTls, double increase, double total)
        {
            if (mutualTls)
            {
                _mtlsWindow += increase;
                _mtlsTotal += total;
            }
            else
            {
                _plainWindow += increase;
                _plainTotal += total;
            }
        }

        public void AddBucket(double upperBound, double increase) =>
            _buckets[upperBound] = _buckets.GetValueOrDefault(upperBound) + increase;

        public GraphEdge Build(double seconds)
        {
            var buckets = _buckets.Select(b => (b.Key, b.Value)).ToList();
            var mtls = _mtlsWindow + _plainWindow > 0 ? _mtlsWindow > _plainWindow : _mtlsTotal > _plainTotal;
            return new GraphEdge(
                source,
                target,
                service,
                seconds > 0 ? _requests / seconds : 0,
                _requests > 0 ? 100 * _serverErrors / _requests : 0,
                _requests > 0 ? 100 * _clientErrors / _requests : 0,
                Quantiles.Of(0.50, buckets),
                Quantiles.Of(0.99, buckets),
                mtls,
                HealthThresholds.Of(_requests, _serverErrors, _clientErrors),
                _total,
                _codes.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => seconds > 0 ? c.Value / seconds : 0, StringComparer.Ordinal),
                [.. _flags.Order(StringComparer.Ordinal)]);
        }
    }
}
