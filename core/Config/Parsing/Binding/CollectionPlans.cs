using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Mixer;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// The plans of <see cref="ValueList{T}"/> and <see cref="ValueMap{TKey,TValue}"/>. A native (ahead-of-time) build
/// compiles generic code before it runs: one shared body serves every reference-type argument, but each value-type
/// argument needs a body of its own, which nothing can make at run time. So every collection of the model over a value
/// type is written out here (<c>BinderTrimmingTests</c> walks the model and fails on a missing line); the others are
/// made from their reference-type arguments.
/// </summary>
internal static class CollectionPlans
{
    private static readonly FrozenDictionary<Type, Func<BindingPlan>> WithValueTypes = new Dictionary<Type, Func<BindingPlan>>
    {
        [typeof(ValueList<int>)] = static () => new ListPlan<int>(),
        [typeof(ValueList<double>)] = static () => new ListPlan<double>(),
        [typeof(ValueMap<string, int>)] = static () => new MapPlan<string, int>(),
        [typeof(ValueMap<string, StdioLevel>)] = static () => new MapPlan<string, StdioLevel>(),
        [typeof(ValueMap<int, MutualTls>)] = static () => new MapPlan<int, MutualTls>(),
    }.ToFrozenDictionary();

    /// <summary>The collection types over a value type that have a plan written out above.</summary>
    public static IEnumerable<Type> WrittenOut => WithValueTypes.Keys;

    public static bool IsCollection(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(ValueList<>) || type.GetGenericTypeDefinition() == typeof(ValueMap<,>));

    public static BindingPlan For(Type collection)
    {
        var arguments = collection.GetGenericArguments();
        if (collection.GetGenericTypeDefinition() == typeof(ValueMap<,>) && arguments[0] != typeof(string) && arguments[0] != typeof(int))
        {
            throw new NotSupportedException($"the YAML binder supports string and int map keys, not {arguments[0]}");
        }

        if (WithValueTypes.TryGetValue(collection, out var create))
        {
            return create();
        }

        // The JIT makes any instantiation (types outside the model, e.g. tests' own); a native build only the shared one.
        if (arguments.Any(a => a.IsValueType) && !RuntimeFeature.IsDynamicCodeSupported)
        {
            throw new NotSupportedException($"the YAML binder has no plan for {collection}: a collection over a value type needs a line in CollectionPlans");
        }

        return arguments.Length == 1 ? ListOverReference(arguments[0]) : MapOverReferences(arguments);
    }

    private const string SharedCode =
        "Without dynamic code (a native build) only reference-type arguments reach here (value types are written out " +
        "above, or refused): it serves every such instantiation from the one shared body it compiles for the definition.";

    [UnconditionalSuppressMessage("AOT", "IL3050:RequiresDynamicCode", Justification = SharedCode)]
    private static BindingPlan ListOverReference(Type item) =>
        (BindingPlan)Activator.CreateInstance(typeof(ListPlan<>).MakeGenericType(item))!;

    [UnconditionalSuppressMessage("AOT", "IL3050:RequiresDynamicCode", Justification = SharedCode)]
    private static BindingPlan MapOverReferences(Type[] arguments) =>
        (BindingPlan)Activator.CreateInstance(typeof(MapPlan<,>).MakeGenericType(arguments))!;
}
