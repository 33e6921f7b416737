using System.Runtime.CompilerServices;
using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Legacy;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Blocks.Registry;

namespace GatewayMesh.Proxy.Routing;

/// <summary>
/// The snapshot the route and cluster compilers compile: the stored configs plus the v1 translation of any Istio 0.x
/// rules (<see cref="LegacyView"/>, so 0.x RouteRules and DestinationPolicies land in the same route and cluster
/// tables), and the registered instances plus the WorkloadEntries (<see cref="WorkloadEntryInstances"/>). Computed once
/// per snapshot object; a snapshot with neither is returned as is.
/// </summary>
public static class EffectiveSnapshot
{
    private static readonly ConditionalWeakTable<MeshSnapshot, MeshSnapshot> Expanded = [];

    public static MeshSnapshot Of(MeshSnapshot snapshot) =>
        snapshot.Configs.Values.Any(c => c is WorkloadEntry || LegacyTranslation.IsLegacy(c))
            ? Expanded.GetValue(snapshot, Expand)
            : snapshot;

    private static MeshSnapshot Expand(MeshSnapshot snapshot)
    {
        var configs = LegacyView.Expand([.. snapshot.Configs.Values]);
        var registered = snapshot.Instances.Values.ToList();
        var entries = WorkloadEntryInstances.From(configs, registered).Where(i => !snapshot.Instances.ContainsKey(i.Key));
        return snapshot with
        {
            Configs = configs.Select(c => KeyValuePair.Create(c.Key, c)).ToValueMap(),
            Instances = registered.Concat(entries).Select(i => KeyValuePair.Create(i.Key, i)).ToValueMap(),
        };
    }
}
