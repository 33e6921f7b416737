using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Core.Analysis;

public enum AnalysisLevel
{
    Error,
    Warning,
    Info,
}

/// <summary>A cross-resource finding, as <c>istioctl analyze</c> reports one, with a stable code.</summary>
public sealed record AnalysisMessage(string Code, AnalysisLevel Level, string Resource, string Path, string Message)
{
    public override string ToString() =>
        $"{Level} [{Code}] ({Resource}) {(Path.Length == 0 ? "" : Path + ": ")}{Message}";
}

/// <summary>Cross-resource analysis: warnings, never rejections. Codes are listed in docs/analysis-codes.md.</summary>
public static class ConfigAnalyzer
{
    private static readonly Func<AnalysisIndex, IEnumerable<AnalysisMessage>>[] Analyzers =
    [
        SubsetReferenceAnalyzer.Analyze,
        GatewayReferenceAnalyzer.Analyze,
        DestinationHostAnalyzer.Analyze,
        ConflictingVirtualServiceHostsAnalyzer.Analyze,
        // --- config fidelity (issue 12) ---
        SidecarSelectorAnalyzer.Analyze,
        SelectorMatchAnalyzer.Analyze,
        LegacyRuleConflictAnalyzer.Analyze,
        InertSettingAnalyzer.Analyze,
        // --- end config fidelity ---
    ];

    /// <summary>
    /// Analyzes <paramref name="configs"/> against the registry's <paramref name="instances"/>. With no instances the
    /// caller has no registry, so host-existence checks are skipped. Messages are ordered by resource (kind, namespace,
    /// name), then field path, then code.
    /// </summary>
    public static IReadOnlyList<AnalysisMessage> Analyze(IReadOnlyCollection<ConfigResource> configs, IReadOnlyCollection<ServiceInstance> instances)
    {
        instances = [.. instances, .. WorkloadEntryInstances.From(configs, instances)];
        var index = new AnalysisIndex(configs, instances);
        var keys = configs.GroupBy(c => ResourceDisplay.Of(c)).ToDictionary(g => g.Key, g => g.First().Key, StringComparer.Ordinal);
        return
        [
            .. Analyzers.SelectMany(analyze => analyze(index))
                .Distinct()
                .OrderBy(m => keys[m.Resource])
                .ThenBy(m => m.Path, FieldPathComparer.Instance)
                .ThenBy(m => m.Code, StringComparer.Ordinal)
                .ThenBy(m => m.Message, StringComparer.Ordinal),
        ];
    }
}
