using System.Globalization;
using System.Net;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Registry.Api.AutoRegistration;

/// <summary>
/// What a proxy joining a WorkloadGroup becomes, as istiod makes it: a WorkloadEntry named
/// <c>&lt;group&gt;-&lt;ip&gt;[-&lt;network&gt;]</c> from the group's <c>template</c> (labels, ports, serviceAccount,
/// network, locality, weight) and <c>metadata</c> (labels and annotations), with the proxy's address and the
/// auto-registration annotations; and the instance that is its endpoint while the proxy holds its lease (the proxy's
/// inbound port, as for every sidecar; labelled for mesh mTLS, since the proxy proved it holds a workload certificate).
/// </summary>
internal static class GroupMembership
{
    public const string Controller = "gatewaymesh-registry";
    private const string TlsModeLabel = "security.istio.io/tlsMode";

    /// <summary>Every problem of the body, each naming its field; empty when it is usable.</summary>
    public static List<string> ErrorsOf(GroupRegistration body)
    {
        var errors = new List<string>();
        if (!IPAddress.TryParse(body.Address, out _))
        {
            errors.Add($"address: '{Api.PathSegments.Truncate(body.Address)}' is not an IP address (the entry is named after it)");
        }

        if (body.Port is < 1 or > 65535)
        {
            errors.Add($"port: {body.Port} is not a port (1-65535)");
        }

        if (!string.IsNullOrEmpty(body.Network) && !Api.PathSegments.IsValidNamespace(body.Network))
        {
            errors.Add($"network: '{Api.PathSegments.Truncate(body.Network)}' is not a DNS-1123 label");
        }

        if (body.LeaseSeconds is < Api.InstanceEndpoints.MinLeaseSeconds or > Api.InstanceEndpoints.MaxLeaseSeconds)
        {
            errors.Add($"leaseSeconds: {body.LeaseSeconds} is out of range ({Api.InstanceEndpoints.MinLeaseSeconds}-{Api.InstanceEndpoints.MaxLeaseSeconds})");
        }

        if (body.Proof is null)
        {
            errors.Add("proof: required, the workload certificate's proof (the registry checks who is joining)");
        }

        return errors;
    }

    /// <summary>The service account the group's members run as (Istio: <c>default</c> when the template names none).</summary>
    public static string ServiceAccountOf(WorkloadGroup group) =>
        string.IsNullOrEmpty(group.Spec.Template?.ServiceAccount) ? "default" : group.Spec.Template.ServiceAccount;

    /// <summary>The registry service the members join: the <c>app</c> label of the template (or of the group's metadata).</summary>
    public static string? ServiceOf(WorkloadGroup group) => LabelsOf(group).TryGetValue("app", out var app) && app.Length > 0 ? app : null;

    /// <param name="existing">The entry as stored, when the member registers again (a heartbeat found no lease, or its
    /// proxy reports a new probe verdict): its <c>connectedAt</c> and the condition's transition time are kept.</param>
    public static WorkloadEntry Entry(WorkloadGroup group, GroupRegistration body, DateTimeOffset now, WorkloadEntry? existing = null)
    {
        var template = group.Spec.Template ?? new WorkloadEntrySpec();
        var network = string.IsNullOrEmpty(body.Network) ? template.Network : body.Network;
        var annotations = new Dictionary<string, string>(group.Spec.Metadata?.Annotations ?? default, StringComparer.Ordinal)
        {
            [Core.Config.Model.AutoRegistration.GroupAnnotation] = group.Metadata.Name,
            [Core.Config.Model.AutoRegistration.ConnectedAtAnnotation] = ConnectedAt(existing) ?? now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            [Core.Config.Model.AutoRegistration.ControllerAnnotation] = Controller,
        };
        if (group.Spec.Probe is not null)
        {
            annotations[Core.Config.Model.AutoRegistration.HealthChecksAnnotation] = "true";
        }

        return new WorkloadEntry
        {
            Status = MemberHealth.StatusOf(group, body, existing, now),
            ApiVersion = "networking.istio.io/v1",
            Metadata = new ResourceMetadata
            {
                Name = Core.Config.Model.AutoRegistration.EntryName(group.Metadata.Name, body.Address, network),
                Namespace = group.Metadata.Namespace,
                Labels = group.Spec.Metadata?.Labels ?? default,
                Annotations = annotations.ToValueMap(),
            },
            Spec = template with
            {
                Address = body.Address,
                Labels = LabelsOf(group),
                Network = network,
                ServiceAccount = ServiceAccountOf(group),
            },
        };
    }

    /// <summary>The connection time of a stored entry whose proxy is still connected (not marked disconnected).</summary>
    private static string? ConnectedAt(WorkloadEntry? existing) =>
        existing is not null
        && !existing.Metadata.Annotations.ContainsKey(Core.Config.Model.AutoRegistration.DisconnectedAtAnnotation)
        && existing.Metadata.Annotations.TryGetValue(Core.Config.Model.AutoRegistration.ConnectedAtAnnotation, out var at)
            ? at
            : null;

    /// <param name="healthy">False for a member its probe found unhealthy: no proxy sends it traffic (<see cref="MemberHealth"/>).</param>
    public static ServiceInstance Instance(WorkloadEntry entry, string service, GroupRegistration body, bool healthy = true)
    {
        var labels = new Dictionary<string, string>(entry.Spec.Labels, StringComparer.Ordinal) { [TlsModeLabel] = "istio" };
        return new ServiceInstance
        {
            Service = service,
            Namespace = entry.Metadata.Namespace,
            InstanceId = WorkloadEntryInstances.InstanceIdOf(entry.Metadata.Name),
            Address = body.Address,
            Port = body.Port,
            Labels = labels.ToValueMap(),
            ServiceAccount = entry.Spec.ServiceAccount ?? "default",
            Health = healthy ? InstanceHealth.Healthy : InstanceHealth.Unhealthy,
        };
    }

    /// <summary>The group's metadata labels, then the template's (which win on the same key).</summary>
    private static ValueMap<string, string> LabelsOf(WorkloadGroup group)
    {
        var labels = new Dictionary<string, string>(group.Spec.Metadata?.Labels ?? default, StringComparer.Ordinal);
        foreach (var (key, value) in group.Spec.Template?.Labels ?? default)
        {
            labels[key] = value;
        }

        return labels.ToValueMap();
    }
}
