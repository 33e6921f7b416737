using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>
/// Which workloads a policy with <c>targetRef</c>/<c>targetRefs</c> applies to. As in Istio, such a policy never applies
/// to sidecars; a <c>Gateway</c> reference (group <c>gateway.networking.k8s.io</c>) applies to the gateway workload in
/// the policy's namespace whose label <c>gateway.networking.k8s.io/gateway-name</c> names it. Other kinds (Service,
/// ServiceEntry, GatewayClass) select no workload here; the compiler reports them.
/// </summary>
public static class PolicyTargetSelection
{
    public const string GatewayNameLabel = "gateway.networking.k8s.io/gateway-name";
    public const string GatewayGroup = "gateway.networking.k8s.io";

    public static IReadOnlyList<PolicyTargetReference> References(AuthorizationPolicySpec spec) =>
        spec.TargetRef is { } single ? [single] : spec.TargetRefs.Items;

    public static bool Selects(IReadOnlyList<PolicyTargetReference> references, string policyNamespace, WorkloadScope workload)
    {
        if (!string.Equals(policyNamespace, workload.Namespace, StringComparison.Ordinal)
            || !workload.Labels.TryGetValue(GatewayNameLabel, out var gatewayName))
        {
            return false;
        }

        foreach (var reference in references)
        {
            if (IsGateway(reference)
                && string.Equals(reference.Name, gatewayName, StringComparison.Ordinal)
                && (string.IsNullOrEmpty(reference.Namespace) || reference.Namespace == policyNamespace))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsGateway(PolicyTargetReference reference) =>
        reference.Kind == "Gateway" && (string.IsNullOrEmpty(reference.Group) || reference.Group == GatewayGroup);
}
