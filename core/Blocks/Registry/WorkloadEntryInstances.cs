using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Blocks.Registry;

/// <summary>
/// WorkloadEntries as service instances: a workload outside Kubernetes (a VM, a bare process) registered by config
/// joins the service its <c>app</c> label names, in its namespace, as a Kubernetes Service selecting <c>app: NAME</c>
/// selects it in Istio. Its port is its <c>http</c> port, else its only port, else the port the service's other
/// instances use, else 80; it is always healthy (no lease: it lives as long as the config). Entries without an
/// address or an <c>app</c> label join no registry service (a ServiceEntry's workloadSelector can still select them).
/// An entry the registry auto-registered from a WorkloadGroup (<see cref="AutoRegistration"/>) is skipped: its endpoint
/// is the instance the registry keeps under a lease while the workload's proxy is connected (<see cref="InstanceIdOf"/>),
/// so a workload whose proxy went away takes no traffic during the entry's cleanup grace period.
/// </summary>
public static class WorkloadEntryInstances
{
    public const string InstancePrefix = "workloadentry-";
    private const int FallbackPort = 80;

    public static IReadOnlyList<ServiceInstance> From(IEnumerable<ConfigResource> configs, IReadOnlyCollection<ServiceInstance> registered)
    {
        var instances = new List<ServiceInstance>();
        foreach (var entry in configs.OfType<WorkloadEntry>().OrderBy(e => e.Key))
        {
            var spec = entry.Spec;
            if (AutoRegistration.IsAutoRegistered(entry) || string.IsNullOrEmpty(spec.Address) || spec.Address.StartsWith("unix://", StringComparison.Ordinal) ||
                !spec.Labels.TryGetValue("app", out var service) || service.Length == 0)
            {
                continue;
            }

            var ns = entry.Metadata.Namespace;
            instances.Add(new ServiceInstance
            {
                Service = service,
                Namespace = ns,
                InstanceId = InstanceIdOf(entry.Metadata.Name),
                Address = spec.Address,
                Port = PortOf(spec, registered.FirstOrDefault(i => i.Namespace == ns && i.Service == service)?.Port),
                Labels = spec.Labels,
                ServiceAccount = string.IsNullOrEmpty(spec.ServiceAccount) ? "default" : spec.ServiceAccount,
            });
        }

        return instances;
    }

    /// <summary>The instance id a WorkloadEntry's endpoint has in the registry.</summary>
    public static string InstanceIdOf(string entryName) => InstancePrefix + entryName;

    private static int PortOf(WorkloadEntrySpec spec, int? servicePort) =>
        spec.Ports.TryGetValue("http", out var http) ? http
        : spec.Ports.Count == 1 ? spec.Ports.Values.First()
        : servicePort ?? FallbackPort;
}
