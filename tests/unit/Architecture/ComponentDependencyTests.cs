using Xunit;

namespace GatewayMesh.UnitTests.Architecture;

/// <summary>
/// The component folders of core/ and proxy/ (e.g. <c>proxy/Routing</c>, <c>core/Config</c>) depend on each other in
/// one direction only, and each one's README says exactly which others it uses. Regression test for issue 16 (Admin,
/// Clusters, LoadBalancing, Forwarding, Security and Resilience used each other in a ring; core/Config and core/Blocks
/// used each other).
/// </summary>
public sealed class ComponentDependencyTests
{
    private static readonly ComponentGraph Graph = ComponentGraph.Instance;

    [Fact]
    public void Graph_SeesTheComponentsAndTheirUses()
    {
        Assert.Contains("proxy/Routing", Graph.Components);
        Assert.Contains("core/Config", Graph.Components);
        Assert.Contains("core/Config", Graph.Edges["proxy/Routing"].Keys); // read from method bodies and signatures
        Assert.Contains("proxy/Pipeline", Graph.Edges["proxy/Admin"].Keys);
    }

    /// <summary>
    /// Uses that still close a cycle, each with why it is left. The list may only shrink: a use listed here that the code
    /// no longer has fails <see cref="KnownCycleUses_StillExist"/>, so the entry is deleted with the fix.
    /// </summary>
    private static readonly (string From, string To, string Why)[] KnownCycleUses =
    [
        ("core/Config", "core/Mixer",
            "ConfigValidator dispatches Mixer and RateLimit resources to validators that run core/Mixer's resolver and CEXL " +
            "compiler, while core/Mixer builds on Config/Model and MeshRegex; needs an extensible validator dispatch (issue 16)"),
    ];

    [Fact]
    public void Components_HaveNoCycles()
    {
        var cycles = Graph.Cycles(ignore: static (from, to) => KnownCycleUses.Any(k => k.From == from && k.To == to)).Select(Describe);
        AssertNone(cycles);
    }

    [Fact]
    public void Cycles_CountingKnownUses_FindTheKnownCycle()
    {
        var cycles = Graph.Cycles(ignore: static (_, _) => false);
        Assert.Contains(cycles, c => c.SequenceEqual(["core/Config", "core/Mixer"]));
    }

    [Fact]
    public void KnownCycleUses_StillExist()
    {
        var fixedOnes = KnownCycleUses.Where(k => !(Graph.Edges.GetValueOrDefault(k.From)?.ContainsKey(k.To) ?? false))
            .Select(k => $"{k.From} no longer uses {k.To}: delete it from KnownCycleUses");
        AssertNone(fixedOnes);
    }

    [Fact]
    public void Components_HaveAReadmeSayingWhatTheyMayDependOn()
    {
        var missing = Graph.Components.Where(c => ComponentReadme.DependsOn(c) is null)
            .Select(c => $"{c}/README.md has no line starting \"Depends on:\"");
        AssertNone(missing);
    }

    [Fact]
    public void Components_UseOnlyWhatTheirReadmeAllows()
    {
        var undeclared = from component in Graph.Components
                         let allowed = ComponentReadme.DependsOn(component) ?? new HashSet<string>()
                         from use in Graph.Edges.GetValueOrDefault(component) ?? []
                         where !allowed.Contains(use.Key)
                         select $"{component} uses {use.Key} ({use.Value}), which {component}/README.md does not allow";
        AssertNone(undeclared);
    }

    [Fact]
    public void Readmes_AllowOnlyWhatTheComponentUses()
    {
        var stale = from component in Graph.Components
                    from declared in ComponentReadme.DependsOn(component) ?? new HashSet<string>()
                    where !(Graph.Edges.GetValueOrDefault(component)?.ContainsKey(declared) ?? false)
                    select $"{component}/README.md allows {declared}, which {component} does not use";
        AssertNone(stale);
    }

    private static void AssertNone(IEnumerable<string> problems)
    {
        var all = problems.ToList();
        Assert.True(all.Count == 0, string.Join(Environment.NewLine, all));
    }

    private static string Describe(IReadOnlyList<string> cycle) =>
        string.Join(", ", cycle) + ": " + string.Join("; ",
            from a in cycle
            from use in Graph.Edges.GetValueOrDefault(a) ?? []
            where cycle.Contains(use.Key)
            select $"{a} → {use.Key} ({use.Value})");
}
