using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;


namespace GatewayMesh.Proxy.Security.Mtls;

/// <summary>
/// Resolves the mTLS mode of one workload with Istio's precedence, a pure function:
/// <list type="number">
/// <item>mesh-wide: the oldest policy in the root namespace without a selector; its mode, PERMISSIVE when unset;</item>
/// <item>namespace: the oldest policy in the workload's namespace without a selector; a set mode replaces the mesh's;</item>
/// <item>workload: the oldest policy whose selector matches the workload's labels (in its namespace, or in the root
/// namespace, which selects in every namespace); a set mode replaces the namespace's;</item>
/// <item>port level: only from that workload policy, keyed by target port; an unset port mode inherits the workload's.</item>
/// </list>
/// <c>UNSET</c> (or no <c>mtls</c>) inherits from the level above. <c>portLevelMtls</c> on a policy without a selector is
/// ignored, as Istio ignores it (validation rejects it anyway). "Oldest" is <see cref="PolicyOrder"/>.
/// </summary>
public static class PeerAuthenticationResolver
{
    public static EffectiveMtls Resolve(IEnumerable<PeerAuthentication> policies, WorkloadScope workload)
    {
        PeerAuthentication? mesh = null, own = null, selected = null;
        foreach (var policy in policies)
        {
            var ns = policy.Metadata.Namespace;
            var hasSelector = policy.Spec.Selector is { MatchLabels.IsEmpty: false };
            if (!hasSelector && ns == workload.RootNamespace)
            {
                mesh = Older(mesh, policy);
            }

            if (!hasSelector && ns == workload.Namespace)
            {
                own = Older(own, policy);
            }

            if (hasSelector && workload.ScopeOf(ns, policy.Spec.Selector) == PolicyScope.Workload)
            {
                selected = Older(selected, policy);
            }
        }

        if (mesh is null && own is null && selected is null)
        {
            return EffectiveMtls.Default;
        }

        var mode = Inherit(MutualTlsMode.Permissive, mesh);
        mode = Inherit(mode, own);
        mode = Inherit(mode, selected);
        var ports = selected is null ? default : PortModes(selected.Spec.PortLevelMtls, mode);
        return new EffectiveMtls(mode, ports, Names(mesh, own, selected));
    }

    private static PeerAuthentication? Older(PeerAuthentication? current, PeerAuthentication candidate) =>
        current is null || PolicyOrder.Oldest.Compare(candidate, current) < 0 ? candidate : current;

    private static MutualTlsMode Inherit(MutualTlsMode parent, PeerAuthentication? policy) =>
        Inherit(parent, policy?.Spec.Mtls);

    private static MutualTlsMode Inherit(MutualTlsMode parent, MutualTls? mtls) =>
        mtls?.Mode is { } mode && mode != MutualTlsMode.Unset ? mode : parent;

    private static ValueMap<int, MutualTlsMode> PortModes(ValueMap<int, MutualTls> portLevel, MutualTlsMode workloadMode)
    {
        if (portLevel.IsEmpty)
        {
            return default;
        }

        var ports = new Dictionary<int, MutualTlsMode>(portLevel.Count);
        foreach (var (port, mtls) in portLevel)
        {
            ports[port] = Inherit(workloadMode, mtls);
        }

        return ports.ToValueMap();
    }

    private static ValueList<string> Names(params PeerAuthentication?[] levels)
    {
        var names = new List<string>(levels.Length);
        foreach (var policy in levels)
        {
            if (policy is not null)
            {
                var name = $"{policy.Metadata.Namespace}/{policy.Metadata.Name}";
                if (!names.Contains(name))
                {
                    names.Add(name);
                }
            }
        }

        return names.ToValueList();
    }
}
