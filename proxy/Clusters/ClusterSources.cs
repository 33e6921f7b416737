using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Hosts;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Protocols;

namespace GatewayMesh.Proxy.Clusters;

/// <summary>Reads a snapshot's registry services and STATIC ServiceEntry hosts as cluster sources, in a stable order.</summary>
internal static class ClusterSources
{
    public static IEnumerable<ClusterSource> FromRegistry(MeshSnapshot snapshot)
    {
        var entryLocalities = EntryLocalities(snapshot);
        return snapshot.Instances.Values
            .GroupBy(i => new ServiceName(i.Service, i.Namespace))
            .Select(g => new ClusterSource(
                g.Key.Fqdn,
                g.Key.Namespace,
                new ValueList<Endpoint>(g
                    .Where(i => i.Health == InstanceHealth.Healthy)
                    .Select(i => new Endpoint(i.Address, i.Port, i.Labels, i.InstanceId, i.ServiceAccount, i.Namespace)
                    {
                        Locality = entryLocalities.GetValueOrDefault((i.Namespace, i.InstanceId)) ?? Locality.FromLabels(i.Labels),
                    }))));
    }

    /// <summary>The <c>locality</c> of each WorkloadEntry that sets one, by the instance id it joins its service with.</summary>
    private static Dictionary<(string Namespace, string InstanceId), Locality> EntryLocalities(MeshSnapshot snapshot) =>
        snapshot.Configs.Values.OfType<WorkloadEntry>()
            .Where(e => !string.IsNullOrWhiteSpace(e.Spec.Locality))
            .ToDictionary(e => (e.Metadata.Namespace, WorkloadEntryInstances.InstancePrefix + e.Metadata.Name), e => Locality.Parse(e.Spec.Locality));

    /// <summary>
    /// One source per non-wildcard host of each STATIC ServiceEntry, on the entry's first port. An endpoint's port is its
    /// <c>ports</c> entry for that port's name, else the port's targetPort, else its number. The port's protocol (or its
    /// name's prefix, e.g. <c>grpc-api</c>) says whether the endpoints speak HTTP/2. An entry with a
    /// <c>workloadSelector</c> takes as endpoints the WorkloadEntries of its namespace whose labels include the selector's.
    /// </summary>
    public static IEnumerable<ClusterSource> FromServiceEntries(MeshSnapshot snapshot)
    {
        foreach (var entry in snapshot.Configs.Values.OfType<ServiceEntry>())
        {
            var spec = entry.Spec;
            if ((spec.Resolution != ServiceEntryResolution.Static && spec.WorkloadSelector is null) || spec.Ports.IsEmpty)
            {
                continue;
            }

            var port = spec.Ports[0];
            var members = spec.WorkloadSelector is { } selector
                ? SelectedEntries(snapshot, entry.Metadata.Namespace, selector.Labels)
                : spec.Endpoints.Select((e, index) => (Spec: e, Id: $"{entry.Metadata.Name}-{index}"));
            var endpoints = new ValueList<Endpoint>(members
                .Where(e => !string.IsNullOrWhiteSpace(e.Spec.Address))
                .Select(e => new Endpoint(
                    e.Spec.Address!,
                    PortOf(e.Spec, port),
                    e.Spec.Labels,
                    e.Id,
                    e.Spec.ServiceAccount ?? "",
                    entry.Metadata.Namespace)
                {
                    Locality = string.IsNullOrWhiteSpace(e.Spec.Locality) ? Locality.FromLabels(e.Spec.Labels) : Locality.Parse(e.Spec.Locality),
                }));
            foreach (var host in spec.Hosts.Where(h => !MeshHosts.IsWildcard(h)))
            {
                yield return new ClusterSource(
                    MeshHosts.ToFqdn(host, entry.Metadata.Namespace), entry.Metadata.Namespace, endpoints, UpstreamProtocols.Parse(port.Protocol, port.Name));
            }
        }
    }

    private static IEnumerable<(WorkloadEntrySpec Spec, string Id)> SelectedEntries(MeshSnapshot snapshot, string ns, ValueMap<string, string> selector) =>
        snapshot.Configs.Values.OfType<WorkloadEntry>()
            .Where(e => e.Metadata.Namespace == ns && selector.All(l => e.Spec.Labels.TryGetValue(l.Key, out var v) && v == l.Value))
            .OrderBy(e => e.Key)
            .Select(e => (e.Spec, $"workloadentry-{e.Metadata.Name}"));

    private static int PortOf(WorkloadEntrySpec endpoint, ServicePort port) =>
        port.Name is { } name && endpoint.Ports.TryGetValue(name, out var mapped)
            ? mapped
            : port.TargetPort ?? port.Number ?? 0;
}
