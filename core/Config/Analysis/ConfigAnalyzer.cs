using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Analysis;

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

/// <summary>Cross-resource analysis: warnings, never rejections.</summary>
public static class ConfigAnalyzer
{
    public static IReadOnlyList<AnalysisMessage> Analyze(IReadOnlyCollection<ConfigResource> configs, IReadOnlyCollection<ServiceInstance> instances) =>
        throw new NotImplementedException();
}
