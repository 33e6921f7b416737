using System.Globalization;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.ProxyConfigs;

/// <summary>
/// The environment Istio <c>ProxyConfig</c>s give a proxy process when it starts (Istio applies ProxyConfig at proxy
/// start too): the root namespace's ProxyConfig without a selector, then the workload namespace's without one, then
/// the one in the workload's namespace whose <c>selector</c> matches its labels. One ProxyConfig per level applies (the
/// first by name: the store keeps no creation time, which Istio uses); a later level overrides an earlier one field by
/// field and variable by variable. <c>environmentVariables</c> are passed as they are.
/// <c>concurrency</c> N &gt; 0 becomes <c>DOTNET_PROCESSOR_COUNT=N</c>: .NET then sizes everything it derives from the
/// core count to N (the thread pool's worker and I/O threads, Kestrel's socket transport I/O queues, server GC heaps),
/// the nearest thing a .NET proxy has to Envoy's worker count; 0 (Istio's "all cores") sets nothing. Pure.
/// </summary>
public static class ProxyProcessEnvironment
{
    public const string ProcessorCountVariable = "DOTNET_PROCESSOR_COUNT";

    /// <summary>
    /// Names the variables a proxy got from ProxyConfigs (comma-separated), so a sidecar that starts its app
    /// (<c>--app-command</c>) keeps them from the app: in Istio they are set on the proxy's container only.
    /// </summary>
    public const string NamesVariable = "GATEWAYMESH_PROXYCONFIG_VARIABLES";

    /// <summary>The names <see cref="NamesVariable"/> lists, and itself.</summary>
    public static IEnumerable<string> PassedNames(string? namesValue) =>
        string.IsNullOrEmpty(namesValue) ? [] : [.. namesValue.Split(',', StringSplitOptions.RemoveEmptyEntries), NamesVariable];

    /// <summary>Variable names a ProxyConfig may not set: they change how the runtime loads or how the mesh's own settings bind.</summary>
    public static readonly IReadOnlyList<string> ReservedPrefixes = ["DOTNET_", "COMPlus_", "CORECLR_", "ASPNETCORE_", "GATEWAYMESH_", "LD_"];

    public static bool IsReserved(string name) => ReservedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>The variables for a proxy of a workload in <paramref name="workloadNamespace"/> with <paramref name="labels"/>, sorted by name.</summary>
    public static IReadOnlyDictionary<string, string> For(
        IEnumerable<ConfigResource> configs, string workloadNamespace, IReadOnlyDictionary<string, string> labels, string rootNamespace)
    {
        var applying = configs.OfType<ProxyConfig>()
            .Select(config => (Config: config, Level: LevelOf(config, workloadNamespace, labels, rootNamespace)))
            .Where(c => c.Level > 0)
            .GroupBy(c => c.Level)
            .OrderBy(level => level.Key)
            .Select(level => level.Select(c => c.Config).MinBy(c => c.Metadata.Name, StringComparer.Ordinal)!);
        var environment = new SortedDictionary<string, string>(StringComparer.Ordinal);
        int? concurrency = null;
        foreach (var config in applying)
        {
            foreach (var (name, value) in config.Spec.EnvironmentVariables.Where(v => !IsReserved(v.Key)))
            {
                environment[name] = value;
            }

            concurrency = config.Spec.Concurrency ?? concurrency;
        }

        if (concurrency is > 0 and var count)
        {
            environment[ProcessorCountVariable] = count.ToString(CultureInfo.InvariantCulture);
        }

        return environment;
    }

    /// <summary>0: does not apply; 1: mesh-wide; 2: the workload's namespace; 3: selects the workload.</summary>
    private static int LevelOf(ProxyConfig config, string workloadNamespace, IReadOnlyDictionary<string, string> labels, string rootNamespace)
    {
        var ns = config.Metadata.Namespace;
        if (config.Spec.Selector is { MatchLabels.IsEmpty: false } selector)
        {
            return ns == workloadNamespace && selector.MatchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value) ? 3 : 0;
        }

        return ns == workloadNamespace ? 2 : ns == rootNamespace ? 1 : 0;
    }
}
