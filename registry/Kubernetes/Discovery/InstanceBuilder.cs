using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using k8s.Models;

namespace GatewayMesh.Registry.Kubernetes.Discovery;

/// <summary>
/// Turns a Service's endpoints into registry instances, as Istio's Kubernetes registry does: one instance per ready or
/// not-ready address and port; the Pod behind an address (its <c>targetRef</c>) gives the labels (<c>app</c>,
/// <c>version</c>, ...) and the ServiceAccount (the SPIFFE identity); readiness follows the endpoint's condition
/// (not ready → <see cref="InstanceHealth.Unhealthy"/>, which no proxy sends traffic to). Pure: no I/O.
/// </summary>
internal static class InstanceBuilder
{
    public static IEnumerable<ServiceInstance> FromEndpoints(V1Endpoints endpoints, Func<string, string, V1Pod?> findPod)
    {
        var ns = endpoints.Metadata.NamespaceProperty ?? "default";
        foreach (var subset in endpoints.Subsets ?? [])
        {
            var ports = subset.Ports ?? [];
            var addresses = (subset.Addresses ?? []).Select(a => (a, Ready: true))
                .Concat((subset.NotReadyAddresses ?? []).Select(a => (a, Ready: false)));
            foreach (var (address, ready) in addresses)
            {
                var pod = address.TargetRef is { Kind: "Pod" } target ? findPod(target.NamespaceProperty ?? ns, target.Name) : null;
                foreach (var port in ports)
                {
                    yield return Instance(endpoints.Metadata.Name, ns, address.Ip, address.TargetRef?.Name, port.Name, port.Port, ports.Count, pod, ready);
                }
            }
        }
    }

    public static IEnumerable<ServiceInstance> FromSlice(V1EndpointSlice slice, Func<string, string, V1Pod?> findPod)
    {
        var ns = slice.Metadata.NamespaceProperty ?? "default";
        if (slice.Metadata.Labels?.TryGetValue("kubernetes.io/service-name", out var service) != true || slice.AddressType == "FQDN")
        {
            yield break;
        }

        var ports = slice.Ports ?? [];
        foreach (var endpoint in slice.Endpoints ?? [])
        {
            var ready = endpoint.Conditions?.Ready ?? true;
            var pod = endpoint.TargetRef is { Kind: "Pod" } target ? findPod(target.NamespaceProperty ?? ns, target.Name) : null;
            foreach (var ip in endpoint.Addresses.Take(1))
            {
                foreach (var port in ports.Where(p => p.Port is not null))
                {
                    yield return Instance(service!, ns, ip, endpoint.TargetRef?.Name, port.Name, port.Port!.Value, ports.Count, pod, ready);
                }
            }
        }
    }

    private static ServiceInstance Instance(string service, string ns, string ip, string? podName, string? portName, int port, int portCount, V1Pod? pod, bool ready)
    {
        var id = podName ?? ip.Replace(':', '-');
        if (portCount > 1)
        {
            id += "-" + (string.IsNullOrEmpty(portName) ? port.ToString(System.Globalization.CultureInfo.InvariantCulture) : portName);
        }

        return new ServiceInstance
        {
            Service = service,
            Namespace = ns,
            InstanceId = id,
            Address = ip,
            Port = port,
            Labels = new ValueMap<string, string>(pod?.Metadata.Labels ?? new Dictionary<string, string>()),
            ServiceAccount = string.IsNullOrEmpty(pod?.Spec?.ServiceAccountName) ? "default" : pod.Spec.ServiceAccountName,
            Health = ready ? InstanceHealth.Healthy : InstanceHealth.Unhealthy,
        };
    }
}
