using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Mixer.Resolution;

namespace GatewayMesh.Registry.Api;

/// <summary>
/// Galley's referential check of Mixer config: a write is refused when it would leave a rule naming a missing handler
/// or instance, an instance its handler's adapter does not support, or a binding naming a missing QuotaSpec. It
/// resolves the store's Mixer resources with and without the change and reports only the errors the change
/// introduces, so config applied in one file (handler, instance and rule together) is accepted. Deletes are not
/// checked, as Galley did not check them: <c>delete -f</c> of Istio's files removes the handler before the rule, and in
/// between the proxies leave the broken action out (and log it), as Mixer did.
/// </summary>
internal static class MixerReferenceChecks
{
    /// <summary>The reference errors that writing <paramref name="resources"/> would introduce (none when no Mixer resource is involved).</summary>
    public static async Task<IReadOnlyList<string>> ForWriteAsync(IConfigStore store, IReadOnlyList<ConfigResource> resources, CancellationToken ct)
    {
        if (!resources.Any(r => r is IMixerResource))
        {
            return [];
        }

        var current = await MixerResourcesAsync(store, ct);
        var written = resources.Where(r => r is IMixerResource).ToDictionary(r => r.Key);
        var after = current.Where(r => !written.ContainsKey(r.Key)).Concat(written.Values);
        return Introduced(current, after);
    }

    private static IReadOnlyList<string> Introduced(IEnumerable<ConfigResource> before, IEnumerable<ConfigResource> after)
    {
        var existing = new List<ConfigError>();
        MixerResolver.Resolve(before, existing);
        var found = new List<ConfigError>();
        MixerResolver.Resolve(after, found);
        var known = existing.ToHashSet();
        return [.. found.Where(e => !known.Contains(e)).Select(e => e.ToString())];
    }

    private static async Task<List<ConfigResource>> MixerResourcesAsync(IConfigStore store, CancellationToken ct)
    {
        var all = await store.ListAsync(cancellationToken: ct);
        return [.. all.Where(r => r is IMixerResource)];
    }
}
