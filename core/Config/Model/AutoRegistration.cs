namespace GatewayMesh.Core.Config.Model;

/// <summary>
/// Istio's marks on a WorkloadEntry the control plane created from a WorkloadGroup when the workload's proxy joined
/// (auto-registration), and the entry's name: <c>&lt;group&gt;-&lt;ip&gt;[-&lt;network&gt;]</c>.
/// </summary>
public static class AutoRegistration
{
    /// <summary>The group the entry was made from; the registry owns (updates and removes) entries that carry it.</summary>
    public const string GroupAnnotation = "istio.io/autoRegistrationGroup";

    public const string ConnectedAtAnnotation = "istio.io/connectedAt";

    /// <summary>Set when the proxy went away; the entry is removed once it has been away for the cleanup grace period.</summary>
    public const string DisconnectedAtAnnotation = "istio.io/disconnectedAt";

    public const string ControllerAnnotation = "istio.io/workloadController";

    /// <summary>
    /// Istio's mark on an entry whose group has a <c>probe</c>: the member takes traffic only while its <c>Healthy</c>
    /// condition is <c>True</c>, which its proxy's probe results set.
    /// </summary>
    public const string HealthChecksAnnotation = "proxy.istio.io/health-checks-enabled";

    public static bool IsAutoRegistered(WorkloadEntry entry) => entry.Metadata.Annotations.ContainsKey(GroupAnnotation);

    /// <summary>Istio's name: the group, the address (an IPv6 address with its colons as dashes), and the network when there is one.</summary>
    public static string EntryName(string group, string address, string? network) =>
        $"{group}-{address.Replace(':', '-')}" + (string.IsNullOrEmpty(network) ? "" : $"-{network}");
}
