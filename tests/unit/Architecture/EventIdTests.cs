using System.Reflection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.UnitTests.Architecture;

/// <summary>
/// Every <c>[LoggerMessage]</c> in the solution has an explicit EventId, unique across the solution, inside the range
/// docs/eventids.md gives its namespace (or inside a feature-area range). Regression test for issue 16 (IdentityLog and
/// Security/Transport shared 3401-3405; ca and registry both started at 1).
/// </summary>
public sealed class EventIdTests
{
    private static readonly IReadOnlyList<EventIdRange> Ranges = EventIdTable.Read();

    [Fact]
    public void Table_HasComponentsAndFeatureAreas_WithoutOverlaps()
    {
        Assert.Contains(Ranges, r => r.Namespace is not null);
        Assert.Contains(Ranges, r => r.Namespace is null);
        var overlaps = from a in Ranges
                       from b in Ranges
                       where string.CompareOrdinal(a.Name, b.Name) < 0 && a.First <= b.Last && b.First <= a.Last
                       select $"{a} overlaps {b}";
        Assert.Empty(overlaps);
        Assert.All(Ranges, r => Assert.True(r.First <= r.Last, $"{r} is empty"));
    }

    [Fact]
    public void SolutionAssemblies_CoverEveryProductProject()
    {
        var missing = SolutionAssemblies.ProductProjects().Except(SolutionAssemblies.Names, StringComparer.Ordinal);
        Assert.Empty(missing);
    }

    [Fact]
    public void EveryComponentNamespace_HasARange()
    {
        var uncovered = (from assembly in SolutionAssemblies.All
                         from type in Types(assembly)
                         let ns = type.Namespace
                         where ns is not null && ns.StartsWith("GatewayMesh.", StringComparison.Ordinal)
                         where !Ranges.Any(r => r.Namespace is { } prefix && (ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal)))
                         select $"{ns} ({assembly.GetName().Name})").Distinct().Order(StringComparer.Ordinal);
        Assert.Empty(uncovered);
    }

    [Fact]
    public void LoggerMessages_HaveExplicitEventIds()
    {
        var unset = LogMethods().Where(m => m.Id <= 0).Select(m => m.Describe());
        Assert.Empty(unset);
        Assert.NotEmpty(LogMethods());
    }

    [Fact]
    public void EventIds_AreUniqueAcrossTheSolution()
    {
        var duplicates = LogMethods()
            .GroupBy(m => m.Id)
            .Where(g => g.Count() > 1)
            .Select(g => $"EventId {g.Key}: {string.Join(", ", g.Select(m => m.Describe()))}");
        Assert.Empty(duplicates);
    }

    [Fact]
    public void EventIds_LieInTheirComponentRange()
    {
        var outside = new List<string>();
        foreach (var method in LogMethods())
        {
            if (Ranges.Any(r => r.Namespace is null && r.Contains(method.Id)))
            {
                continue; // a feature area's range, usable from any namespace
            }

            var component = Ranges
                .Where(r => r.Namespace is { } ns && (method.Namespace == ns || method.Namespace.StartsWith(ns + ".", StringComparison.Ordinal)))
                .MaxBy(r => r.Namespace!.Length);
            if (component is null)
            {
                outside.Add($"{method.Describe()}: namespace {method.Namespace} has no row in docs/eventids.md");
            }
            else if (!component.Contains(method.Id))
            {
                outside.Add($"{method.Describe()}: EventId {method.Id} is outside {component}");
            }
        }

        Assert.Empty(outside);
    }

    private static IEnumerable<LogMethod> LogMethods() =>
        from assembly in SolutionAssemblies.All
        from type in Types(assembly)
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select new LogMethod(assembly.GetName().Name!, type.FullName!, type.Namespace ?? "", method.Name, attribute.EventId);

    private static IEnumerable<Type> Types(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }

    private sealed record LogMethod(string Assembly, string Type, string Namespace, string Method, int Id)
    {
        public string Describe() => $"{Type}.{Method} ({Assembly})";
    }
}
