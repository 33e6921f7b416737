using System.Reflection;
using System.Text.Json.Serialization;
using System.Xml.Linq;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Config.Parsing.Binding;
using Xunit;

namespace GatewayMesh.UnitTests.Parsing;

/// <summary>
/// The YAML binder reflects over the config model, and a native (trimmed) sidecar runs it. Its trimming suppressions
/// hold only while every type it can reach is kept whole by core's ILLink.Descriptors.xml, and every collection over a
/// value type has a plan written out in <see cref="CollectionPlans"/> (issue 16). These tests walk the model the way
/// the binder does, from its roots: each kind's resource and spec type (the Mixer params bound by UntypedBinder are
/// spec types of the per-adapter kinds) and the metadata.
/// </summary>
public class BinderTrimmingTests
{
    [Fact]
    public void ReachableModelTypes_Issue16_AllInRootedNamespaces()
    {
        var rooted = RootedNamespaces();

        var outside = Reach().Types.Where(t => !rooted.Contains(t.Namespace ?? "")).Select(t => t.FullName).ToList();

        Assert.Empty(outside);
    }

    [Fact]
    public void ValueTypeCollections_Issue16_EachWrittenOut()
    {
        var needed = Reach().Collections.Where(c => c.GetGenericArguments().Any(a => a.IsValueType)).ToHashSet();

        Assert.Empty(needed.Except(CollectionPlans.WrittenOut).Select(t => t.ToString()));
        Assert.Empty(CollectionPlans.WrittenOut.Except(needed).Select(t => t.ToString())); // no stale lines
    }

    [Fact]
    public void EveryReachableCollection_Issue16_HasAPlan()
    {
        foreach (var collection in Reach().Collections)
        {
            Assert.NotNull(BindingPlans.For(collection));
        }
    }

    [Fact]
    public void MixerParams_Issue16_AreSpecTypesOfKinds()
    {
        // UntypedBinder's roots: MixerDefinitions binds handler and instance params into these.
        Type[] bound = [typeof(DenierParams), typeof(ListCheckerParams), typeof(MemQuotaParams), typeof(RedisQuotaParams),
            typeof(PrometheusParams), typeof(StdioParams), typeof(CheckNothingParams), typeof(ListEntryParams),
            typeof(QuotaParams), typeof(MetricParams), typeof(LogEntryParams)];

        Assert.Empty(bound.Except(ResourceKinds.All.Select(k => k.SpecType)));
    }

    private static HashSet<string> RootedNamespaces()
    {
        using var stream = typeof(ConfigResource).Assembly.GetManifestResourceStream("ILLink.Descriptors.xml");
        Assert.NotNull(stream);
        return XDocument.Load(stream).Descendants("namespace").Select(n => (string)n.Attribute("fullname")!).ToHashSet();
    }

    private static (HashSet<Type> Types, HashSet<Type> Collections) Reach()
    {
        var types = new HashSet<Type>();
        var collections = new HashSet<Type>();
        Walk(typeof(ResourceMetadata), types, collections);
        foreach (var kind in ResourceKinds.All)
        {
            types.Add(kind.ClrType);
            Walk(kind.SpecType, types, collections);
            foreach (var extra in kind.ClrType.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                Walk(extra.PropertyType, types, collections);
            }
        }

        return (types, collections);
    }

    // Mirrors BindingPlans.Create: scalars end the walk, collections go on into their arguments, enums and objects are
    // reflected over (an object through its settable public properties, as ObjectShape reads them).
    private static void Walk(Type type, HashSet<Type> types, HashSet<Type> collections)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string) || target.IsPrimitive || target == typeof(MeshDuration) || target == typeof(UntypedValue))
        {
            return;
        }

        if (CollectionPlans.IsCollection(target))
        {
            if (collections.Add(target))
            {
                foreach (var argument in target.GetGenericArguments())
                {
                    Walk(argument, types, collections);
                }
            }

            return;
        }

        if (!types.Add(target) || target.IsEnum)
        {
            return;
        }

        foreach (var property in target.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length == 0 && property.SetMethod is { IsPublic: true } &&
                property.GetCustomAttribute<JsonIgnoreAttribute>() is not { Condition: JsonIgnoreCondition.Always })
            {
                Walk(property.PropertyType, types, collections);
            }
        }
    }
}
