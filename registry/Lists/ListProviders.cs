using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Mixer.Resolution;

namespace GatewayMesh.Registry.Lists;

/// <summary>Finds the listchecker handlers (generic or per-kind) that name a <c>providerUrl</c>.</summary>
internal static class ListProviders
{
    public static IReadOnlyList<ListProvider> In(IEnumerable<ConfigResource> configs)
    {
        var providers = new List<ListProvider>();
        foreach (var resource in configs)
        {
            if (resource is not (ListCheckerHandler or MixerHandler { Spec.CompiledAdapter: ResourceKinds.ListChecker }))
            {
                continue;
            }

            if (MixerDefinitions.ReadHandler(resource, new List<ConfigError>()) is { Params: ListCheckerParams { ProviderUrl: { } url } list })
            {
                providers.Add(new ListProvider(
                    resource.Key,
                    url,
                    list.EntryType ?? ListEntryType.Strings,
                    list.RefreshInterval?.Value ?? ListDefaults.RefreshInterval,
                    list.Ttl?.Value ?? ListDefaults.Ttl));
            }
        }

        return providers;
    }
}
