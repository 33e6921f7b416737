using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Config.Hosts;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Analysis;

/// <summary>The configs and registry services being analyzed, indexed for the lookups every analyzer makes.</summary>
internal sealed class AnalysisIndex
{
    private readonly HashSet<(string Namespace, string Name)> _gateways;
    private readonly HashSet<ServiceName> _services;

    public AnalysisIndex(IReadOnlyCollection<ConfigResource> configs, IReadOnlyCollection<ServiceInstance> instances)
    {
        VirtualServices = [.. configs.OfType<VirtualService>()];
        DestinationRules = [.. configs.OfType<DestinationRule>()];
        ServiceEntries = [.. configs.OfType<ServiceEntry>()];
        _gateways = [.. configs.OfType<Gateway>().Select(g => (g.Metadata.Namespace, g.Metadata.Name))];
        _services = [.. instances.Select(i => new ServiceName(i.Service, i.Namespace))];
        HasRegistry = instances.Count > 0;
        Configs = configs;
        Instances = instances;
    }

    /// <summary>Every config analyzed, for analyzers of kinds without an index of their own.</summary>
    public IReadOnlyCollection<ConfigResource> Configs { get; }

    /// <summary>The registered instances (empty without a registry).</summary>
    public IReadOnlyCollection<ServiceInstance> Instances { get; }

    public IReadOnlyList<VirtualService> VirtualServices { get; }

    public IReadOnlyList<DestinationRule> DestinationRules { get; }

    public IReadOnlyList<ServiceEntry> ServiceEntries { get; }

    /// <summary>False when the caller has no registry: host-existence checks are skipped rather than all failing.</summary>
    public bool HasRegistry { get; }

    public bool GatewayExists(string ns, string name) => _gateways.Contains((ns, name));

    /// <summary>The DestinationRules for a host: those naming it exactly, else the wildcard ones covering it.</summary>
    public IReadOnlyList<DestinationRule> RulesFor(string host, string ns)
    {
        var fqdn = MeshHosts.ToFqdn(host, ns);
        var withHost = DestinationRules.Where(r => r.Spec.Host is not null).ToList();
        var exact = withHost.Where(r => MeshHosts.ToFqdn(r.Spec.Host!, r.Metadata.Namespace) == fqdn).ToList();
        return exact.Count > 0 ? exact : [.. withHost.Where(r => MeshHosts.IsWildcard(r.Spec.Host!) && MeshHosts.Matches(r.Spec.Host!, fqdn))];
    }

    /// <summary>Whether a registered service or a ServiceEntry provides <paramref name="host"/> as read in <paramref name="ns"/>.</summary>
    public bool HostExists(string host, string ns)
    {
        if (MeshHosts.TryGetService(host, ns, out var service) && _services.Contains(service))
        {
            return true;
        }

        var fqdn = MeshHosts.ToFqdn(host, ns);
        return ServiceEntries.Any(entry => entry.Spec.Hosts.Any(seHost =>
            MeshHosts.ToFqdn(seHost, entry.Metadata.Namespace) == fqdn || MeshHosts.Matches(seHost, host)));
    }
}
