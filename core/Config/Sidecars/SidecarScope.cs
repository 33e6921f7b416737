using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Hosts;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Sidecars;

/// <summary>
/// The Istio <c>Sidecar</c> that applies to one workload, and which hosts it lets the workload's proxy load. The choice
/// is Istio's: a Sidecar in the workload's namespace whose <c>workloadSelector</c> matches the workload's labels; else
/// the namespace's Sidecar without a selector; else the root namespace's Sidecar without a selector; else none. Among
/// several at one level the first by name applies (the store keeps no creation time; analysis reports such ties as
/// IST0110/IST0111). A Sidecar without egress listeners imports every host; a port-specific egress listener imports
/// its hosts on its port only (<see cref="PortsOf"/>). Pure.
/// </summary>
public sealed class SidecarScope
{
    private readonly List<Import> _imports = [];
    private readonly bool _importsAll;
    private readonly ValueList<int> _listenerPorts;

    private SidecarScope(Model.Sidecar resource)
    {
        Resource = resource;
        _importsAll = resource.Spec.Egress.IsEmpty;
        List<int> listenerPorts = [];
        foreach (var listener in resource.Spec.Egress)
        {
            var port = listener.Port?.Number;
            if (port is 0)
            {
                continue; // a unix-socket listener (bind unix://...): the outbound listener has no such socket
            }

            if (port is { } number)
            {
                listenerPorts.Add(number);
            }

            foreach (var entry in listener.Hosts)
            {
                var slash = entry.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0)
                {
                    continue; // validation rejects these; a stored one imports nothing
                }

                var ns = entry[..slash];
                if (ns == "~")
                {
                    continue;
                }

                _imports.Add(new(ns switch { "*" => null, "." => resource.Metadata.Namespace, _ => ns }, entry[(slash + 1)..], port));
            }
        }

        _listenerPorts = listenerPorts.ToValueList();
    }

    /// <summary>The Sidecar resource in force.</summary>
    public Model.Sidecar Resource { get; }

    /// <summary>
    /// The Sidecar's outbound traffic mode, or null when it sets no <c>outboundTrafficPolicy</c> (the mesh default applies).
    /// A policy without a mode is <c>REGISTRY_ONLY</c>, the first value of Istio's enum.
    /// </summary>
    public OutboundTrafficMode? OutboundMode => Resource.Spec.OutboundTrafficPolicy is { } policy ? policy.Mode ?? OutboundTrafficMode.RegistryOnly : null;

    /// <summary>The Sidecar that applies to a workload of <paramref name="workloadNamespace"/> with <paramref name="labels"/>, or null.</summary>
    public static SidecarScope? For(IEnumerable<ConfigResource> configs, string workloadNamespace, IReadOnlyDictionary<string, string> labels, string rootNamespace)
    {
        Model.Sidecar? selecting = null, namespaceDefault = null, meshDefault = null;
        foreach (var sidecar in configs.OfType<Model.Sidecar>())
        {
            var ns = sidecar.Metadata.Namespace;
            if (sidecar.Spec.WorkloadSelector is { Labels.IsEmpty: false } selector)
            {
                if (ns == workloadNamespace && selector.Labels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value))
                {
                    selecting = First(selecting, sidecar);
                }
            }
            else if (ns == workloadNamespace)
            {
                namespaceDefault = First(namespaceDefault, sidecar);
            }
            else if (ns == rootNamespace)
            {
                meshDefault = First(meshDefault, sidecar);
            }
        }

        return (selecting ?? namespaceDefault ?? meshDefault) is { } chosen ? new SidecarScope(chosen) : null;
    }

    /// <summary>
    /// Whether the proxy loads <paramref name="host"/> (a fully qualified name) defined in <paramref name="configNamespace"/>
    /// (a service's namespace, or the namespace of the VirtualService or ServiceEntry naming it) on some port: some egress
    /// host <c>namespace/dnsName</c> names that namespace (<c>*</c> any, <c>.</c> the Sidecar's, <c>~</c> none) and covers the host.
    /// </summary>
    public bool Imports(string configNamespace, string host)
    {
        if (_importsAll)
        {
            return true;
        }

        foreach (var import in _imports)
        {
            if (import.Covers(configNamespace, host))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The ports on which an imported host may be called, or null when it may be called on every port (no
    /// port-specific egress listener restricts it). A listener with a port handles that port only; the listener
    /// without a port handles all the others.
    /// </summary>
    public EgressPorts? PortsOf(string configNamespace, string host)
    {
        if (_importsAll || _listenerPorts.IsEmpty)
        {
            return null;
        }

        var byCatchAll = _imports.Any(i => i.Port is null && i.Covers(configNamespace, host));
        var listed = _listenerPorts.Where(p => _imports.Any(i => i.Port == p && i.Covers(configNamespace, host)) != byCatchAll).Order().ToValueList();
        return byCatchAll && listed.IsEmpty ? null : new EgressPorts(byCatchAll, listed);
    }

    /// <summary>The ingress listener for the workload's port <paramref name="port"/>, or null (the default inbound path).</summary>
    public IstioIngressListener? IngressFor(int port) =>
        Resource.Spec.Ingress.FirstOrDefault(listener => listener.Port?.Number == port);

    private static Model.Sidecar First(Model.Sidecar? current, Model.Sidecar candidate) =>
        current is null || string.CompareOrdinal(candidate.Metadata.Name, current.Metadata.Name) < 0 ? candidate : current;

    private sealed record Import(string? Namespace, string Pattern, int? Port)
    {
        public bool Covers(string configNamespace, string host) =>
            (Namespace is null || Namespace == configNamespace) && MeshHosts.Matches(Pattern, host);
    }
}
