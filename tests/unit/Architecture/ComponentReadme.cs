using System.Text.RegularExpressions;

namespace GatewayMesh.UnitTests.Architecture;

/// <summary>
/// The line of a component's README that says what it may depend on: <c>Depends on: `core/Config`, `proxy/Routing`.</c>,
/// or <c>Depends on: nothing in this repository.</c> Only backticked components count (a <c>core/</c> or <c>proxy/</c>
/// folder, or a top-level component such as <c>`registry`</c>); the rest is prose.
/// </summary>
internal static partial class ComponentReadme
{
    /// <summary>The declared dependencies, or null when the README or its "Depends on:" line is missing.</summary>
    public static IReadOnlySet<string>? DependsOn(string component)
    {
        var path = Path.Combine(SolutionAssemblies.RepositoryRoot, component, "README.md");
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("Depends on:", StringComparison.Ordinal));
        return line is null
            ? null
            : Quoted().Matches(line).Select(m => m.Groups[1].Value)
                .Where(name => LayeredFolder().IsMatch(name) || ComponentGraph.TopLevel.Contains(name))
                .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"^(?:core|proxy)/[A-Za-z]+$")]
    private static partial Regex LayeredFolder();
}
