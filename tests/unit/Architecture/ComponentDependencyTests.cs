using Xunit;

namespace GatewayMesh.UnitTests.Architecture;

/// <summary>
/// The components (the top-level folders of core/ and proxy/, e.g. <c>proxy/Routing</c>, <c>core/Config</c>, and the
/// other product projects' folders: <c>ca</c>, <c>cli</c>, <c>ingress</c>, <c>registry</c>, <c>sidecar</c>, ...) depend on each
/// other in one direction only, and each one's README says exactly which others it uses. Regression test for issue 16
/// (Admin, Clusters, LoadBalancing, Forwarding, Security and Resilience used each other in a ring; core/Config used
/// core/Blocks and core/Mixer, which both used it).
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
        Assert.Subset(Graph.Components.ToHashSet(), new HashSet<string> { "ca", "cli", "dashboard", "ingress", "registry", "samples/bookinfo", "sidecar" });
        Assert.Contains("proxy/Hosting", Graph.Edges["ingress"].Keys);
        Assert.Contains("core/Validation", Graph.Edges["registry"].Keys);
    }

    [Fact]
    public void Components_HaveNoCycles()
    {
        AssertNone(Graph.Cycles().Select(Describe));
    }

    [Fact]
    public void Cycles_FindsEveryRingAndOnlyRings()
    {
        var edges = new Dictionary<string, IEnumerable<string>>(StringComparer.Ordinal)
        {
            ["a"] = ["b"], ["b"] = ["c"], ["c"] = ["a", "d"], ["d"] = ["e"], ["e"] = ["d"], ["f"] = ["a"],
        };

        var cycles = ComponentGraph.Cycles(edges);

        Assert.Equal(2, cycles.Count);
        Assert.Contains(cycles, c => c.SequenceEqual(["a", "b", "c"]));
        Assert.Contains(cycles, c => c.SequenceEqual(["d", "e"]));
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
