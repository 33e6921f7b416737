using GatewayMesh.Core.Config.Hosts;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Sidecars;

/// <summary>
/// The Istio <c>Sidecar</c> that applies to one workload, and which hosts it lets the workload's proxy load. The choice
/// is Istio's: a Sidecar in the workload's namespace whose <c>workloadSelector</c> matches the workload's labels; else
/// the namespace's Sidecar without a selector; else the root namespace's Sidecar without a selector; else none. Among
/// several at one level the first by name applies (the store keeps no creation time; analysis reports such ties as
/// IST0110/IST0111). A Sidecar without egress listeners imports every host. Pure.
/// </summary>
public sealed class SidecarScope
{
    private readonly List<(string? Namespace, string Host)> _imports = [];
    private readonly bool _importsAll;

    private SidecarScope(Model.Sidecar resource)
    {
        Resource = resource;
        _importsAll = resource.Spec.Egress.IsEmpty;
        foreach (var listener in resource.Spec.Egress)
        {
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

                _imports.Add((ns switch { "*" => null, "." => resource.Metadata.Namespace, _ => ns }, entry[(slash + 1)..]));
            }
        }
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
    /// (a service's namespace, or the namespace of the VirtualService or ServiceEntry naming it): some egress host
    /// <c>namespace/dnsName</c> names that namespace (<c>*</c> any, <c>.</c> the Sidecar's, <c>~</c> none) and covers the host.
    /// </summary>
    public bool Imports(string configNamespace, string host)
    {
        if (_importsAll)
        {
            return true;
        }

        foreach (var (ns, pattern) in _imports)
        {
            if ((ns is null || ns == configNamespace) && MeshHosts.Matches(pattern, host))
            {
                return true;
            }
        }

        return false;
    }

    private static Model.Sidecar First(Model.Sidecar? current, Model.Sidecar candidate) =>
        current is null || string.CompareOrdinal(candidate.Metadata.Name, current.Metadata.Name) < 0 ? candidate : current;
}
