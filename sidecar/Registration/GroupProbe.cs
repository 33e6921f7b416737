using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;
using GatewayMesh.Sidecar.Settings;

namespace GatewayMesh.Sidecar.Registration;

/// <summary>
/// The readiness probe of the WorkloadGroup this sidecar joined, with Kubernetes' defaults filled in (a timing of 0
/// or unset: period 10 s, timeout 1 s, success threshold 1, failure threshold 3, no initial delay). A config feature,
/// compiled with each snapshot; <see cref="Spec"/> is null while the group has no probe (or is not in the store).
/// </summary>
internal sealed record GroupProbe(ReadinessProbe? Spec)
{
    public TimeSpan Period => Seconds(Spec?.PeriodSeconds, 10);

    public TimeSpan Timeout => Seconds(Spec?.TimeoutSeconds, 1);

    public TimeSpan InitialDelay => Seconds(Spec?.InitialDelaySeconds, 0);

    public int SuccessThreshold => Spec?.SuccessThreshold is int n and > 0 ? n : 1;

    public int FailureThreshold => Spec?.FailureThreshold is int n and > 0 ? n : 3;

    private static TimeSpan Seconds(int? value, int fallback) => TimeSpan.FromSeconds(value is int n and > 0 ? n : fallback);
}

internal sealed class GroupProbeCompiler(SidecarOptions options) : IConfigCompiler<GroupProbe>
{
    private readonly ResourceKey? _group = options.ParseWorkloadGroup() is { } group
        ? new ResourceKey(ResourceKinds.WorkloadGroup, group.Namespace, group.Name)
        : null;

    public GroupProbe Compile(MeshSnapshot snapshot, ProxyIdentity proxy, GroupProbe? previous)
    {
        var spec = _group is { } key && snapshot.Configs.TryGetValue(key, out var resource) && resource is WorkloadGroup group ? group.Spec.Probe : null;
        return previous is not null && previous.Spec == spec ? previous : new GroupProbe(spec);
    }
}
