using Xunit;

namespace GatewayMesh.UnitTests.Architecture;

/// <summary>
/// Inside a component too, sibling folders use each other in one direction only: <c>cli/Local/Run</c> may use
/// <c>cli/Local/Workloads</c>, or the reverse, never both. A use from <c>a/b/c</c> of a type in <c>a/d/e</c> counts as
/// <c>a/b</c> using <c>a/d</c>: the two folders directly under the deepest folder both lie in. Regression test for the
/// Workloads↔Run ring (issue 14's <c>RunApp</c>), which the component graph could not see.
/// </summary>
public sealed class FolderDependencyTests
{
    /// <summary>
    /// The rings found when this test was written and not yet broken, each by its folders. The usual cause is a
    /// settings class in <c>Hosting/</c>, which wires every folder and is read by them all (the fix, as in
    /// <c>ca/Settings</c>: settings in a folder of their own). This list may only shrink: a new ring, or one that grew,
    /// fails the test, and so does a ring that is gone but still listed.
    /// </summary>
    private static readonly string[] KnownRings = [];

    [Fact]
    public void SiblingFolders_HaveNoCyclesButTheKnownOnes()
    {
        var rings = SiblingCycles(ComponentGraph.Instance.FolderUses);
        var problems = rings.Where(r => !KnownRings.Contains(r.Folders)).Select(r => "new ring: " + r.Description)
            .Concat(KnownRings.Except(rings.Select(r => r.Folders)).Select(k => $"gone, so remove it from {nameof(KnownRings)}: {k}"))
            .ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void SiblingCycles_LiftsUsesToTheFoldersUnderTheCommonParent()
    {
        var rings = SiblingCycles(
        [
            ("cli/Local/Run", "cli/Local/Workloads/Dapr", "Run uses a Dapr workload"),
            ("cli/Local/Workloads", "cli/Local/Run", "Workloads uses Run"),
            ("cli/Commands", "cli/Local/Run", "one way only"),
            ("cli/Local", "cli/Local/Run", "a parent may use its child"),
        ]);

        var ring = Assert.Single(rings);
        Assert.Equal("cli/Local/Run cli/Local/Workloads", ring.Folders);
        Assert.Contains("cli/Local/Run -> cli/Local/Workloads (Run uses a Dapr workload)", ring.Description, StringComparison.Ordinal);
        Assert.Contains("cli/Local/Workloads -> cli/Local/Run (Workloads uses Run)", ring.Description, StringComparison.Ordinal);
    }

    /// <summary>Each ring of sibling folders: its folders (ordinal order, space-separated), and its edges with one example use each.</summary>
    private static List<(string Folders, string Description)> SiblingCycles(IEnumerable<(string From, string To, string Example)> uses)
    {
        var edges = new Dictionary<string, SortedDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (from, to, example) in uses)
        {
            if (Siblings(from, to) is not var (a, b))
            {
                continue;
            }

            var targets = edges.TryGetValue(a, out var t) ? t : edges[a] = new SortedDictionary<string, string>(StringComparer.Ordinal);
            targets.TryAdd(b, example);
        }

        return ComponentGraph.Cycles(edges.ToDictionary(e => e.Key, e => (IEnumerable<string>)e.Value.Keys, StringComparer.Ordinal))
            .Select(ring => (string.Join(' ', ring), string.Join("; ", from a in ring
                                                                  from b in ring
                                                                  where edges.TryGetValue(a, out var t) && t.ContainsKey(b)
                                                                  select $"{a} -> {b} ({edges[a][b]})")))
            .ToList();
    }

    /// <summary>The two folders directly under the deepest common folder of two paths; null when one contains the other.</summary>
    private static (string, string)? Siblings(string from, string to)
    {
        var a = from.Split('/');
        var b = to.Split('/');
        var common = 0;
        while (common < a.Length && common < b.Length && a[common] == b[common])
        {
            common++;
        }

        return common == a.Length || common == b.Length
            ? null
            : (string.Join('/', a.Take(common + 1)), string.Join('/', b.Take(common + 1)));
    }
}
