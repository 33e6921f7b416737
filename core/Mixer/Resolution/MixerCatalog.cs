using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>The adapters compiled into the proxies.</summary>
public enum MixerAdapter
{
    Denier,
    ListChecker,
    MemQuota,
    RedisQuota,
    Prometheus,
    Stdio,
}

/// <summary>The templates compiled into the proxies.</summary>
public enum MixerTemplate
{
    CheckNothing,
    ListEntry,
    Quota,
    Metric,
    LogEntry,
}

/// <summary>Adapter and template names (as <c>compiledAdapter</c>/<c>compiledTemplate</c> and the per-kind kinds spell them) and which fit together.</summary>
public static class MixerCatalog
{
    private static readonly Dictionary<string, MixerAdapter> Adapters = new(StringComparer.Ordinal)
    {
        [ResourceKinds.Denier] = MixerAdapter.Denier,
        [ResourceKinds.ListChecker] = MixerAdapter.ListChecker,
        [ResourceKinds.MemQuota] = MixerAdapter.MemQuota,
        [ResourceKinds.RedisQuota] = MixerAdapter.RedisQuota,
        [ResourceKinds.Prometheus] = MixerAdapter.Prometheus,
        [ResourceKinds.Stdio] = MixerAdapter.Stdio,
    };

    private static readonly Dictionary<string, MixerTemplate> Templates = new(StringComparer.Ordinal)
    {
        [ResourceKinds.CheckNothing] = MixerTemplate.CheckNothing,
        [ResourceKinds.ListEntry] = MixerTemplate.ListEntry,
        [ResourceKinds.Quota] = MixerTemplate.Quota,
        [ResourceKinds.Metric] = MixerTemplate.Metric,
        [ResourceKinds.LogEntry] = MixerTemplate.LogEntry,
    };

    /// <summary>What each adapter accepts, as Istio's adapters declared it.</summary>
    private static readonly Dictionary<MixerAdapter, MixerTemplate[]> Supported = new()
    {
        [MixerAdapter.Denier] = [MixerTemplate.CheckNothing, MixerTemplate.ListEntry, MixerTemplate.Quota],
        [MixerAdapter.ListChecker] = [MixerTemplate.ListEntry],
        [MixerAdapter.MemQuota] = [MixerTemplate.Quota],
        [MixerAdapter.RedisQuota] = [MixerTemplate.Quota],
        [MixerAdapter.Prometheus] = [MixerTemplate.Metric],
        [MixerAdapter.Stdio] = [MixerTemplate.LogEntry, MixerTemplate.Metric],
    };

    public static IEnumerable<string> AdapterNames => Adapters.Keys;

    public static IEnumerable<string> TemplateNames => Templates.Keys;

    public static MixerAdapter? Adapter(string? name) => name is not null && Adapters.TryGetValue(name, out var a) ? a : null;

    public static MixerTemplate? Template(string? name) => name is not null && Templates.TryGetValue(name, out var t) ? t : null;

    public static string Name(MixerAdapter adapter) => Adapters.First(a => a.Value == adapter).Key;

    public static string Name(MixerTemplate template) => Templates.First(t => t.Value == template).Key;

    public static bool Supports(MixerAdapter adapter, MixerTemplate template) => Supported[adapter].Contains(template);

    public static IReadOnlyList<MixerTemplate> TemplatesOf(MixerAdapter adapter) => Supported[adapter];
}
