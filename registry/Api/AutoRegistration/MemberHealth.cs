using System.Globalization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Registry.Api.AutoRegistration;

/// <summary>
/// A group member's health, as istiod keeps it: when the WorkloadGroup has a <c>probe</c>, the member's proxy runs it
/// and reports the verdict with each registration; the member takes traffic only once reported healthy (Istio's
/// <c>Healthy</c> condition <c>True</c>), and its entry carries the condition with when it was probed and last changed.
/// Without a probe a member is healthy unless its proxy says otherwise, and its entry has no condition.
/// </summary>
internal static class MemberHealth
{
    public static bool IsHealthy(WorkloadGroup group, GroupRegistration body) =>
        group.Spec.Probe is null ? body.Healthy != false : body.Healthy == true;

    /// <summary>The entry's status: the <c>Healthy</c> condition when the group has a probe and the proxy reported a verdict.</summary>
    public static WorkloadEntryStatus? StatusOf(WorkloadGroup group, GroupRegistration body, WorkloadEntry? existing, DateTimeOffset now)
    {
        if (group.Spec.Probe is null || body.Healthy is not { } healthy)
        {
            return null;
        }

        var status = healthy ? "True" : "False";
        var at = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var previous = ConditionOf(existing);
        return new WorkloadEntryStatus
        {
            Conditions = new[]
            {
                new IstioCondition
                {
                    Type = IstioCondition.Healthy,
                    Status = status,
                    LastProbeTime = at,
                    LastTransitionTime = previous is { } last && last.Status == status ? last.LastTransitionTime ?? at : at,
                    Reason = healthy ? null : "ProbeFailed",
                    Message = healthy ? null : "the proxy's readiness probe failed failureThreshold times in a row",
                },
            }.ToValueList(),
        };
    }

    /// <summary>The entry's <c>Healthy</c> condition, if it has one.</summary>
    public static IstioCondition? ConditionOf(WorkloadEntry? entry) =>
        entry?.Status?.Conditions.FirstOrDefault(c => c.Type == IstioCondition.Healthy);
}
