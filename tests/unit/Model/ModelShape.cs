using System.Collections;
using System.Reflection;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.UnitTests.Model;

/// <summary>Walks the spec types by reflection: which record types and properties exist, and which a tree sets.</summary>
internal static class ModelShape
{
    public static IEnumerable<Type> SpecTypes() => ResourceKinds.All.Select(k => k.SpecType);

    /// <summary>Every model record type reachable from the spec types.</summary>
    public static IReadOnlySet<Type> ReachableRecords()
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(SpecTypes());
        while (pending.TryPop(out var type))
        {
            if (!seen.Add(type))
            {
                continue;
            }

            foreach (var property in Properties(type))
            {
                var target = ElementType(property.PropertyType);
                if (IsModelRecord(target))
                {
                    pending.Push(target);
                }
            }
        }

        return seen;
    }

    public static IEnumerable<string> AllPropertyNames() =>
        ReachableRecords().SelectMany(t => Properties(t).Select(p => Name(t, p)));

    public static void CollectPopulated(object node, HashSet<string> populated)
    {
        foreach (var property in Properties(node.GetType()))
        {
            var value = property.GetValue(node);
            if (value is null || value is ICollection { Count: 0 })
            {
                continue;
            }

            populated.Add(Name(node.GetType(), property));
            var children = value switch
            {
                _ when IsValueMap(value.GetType()) => ((IEnumerable)value.GetType().GetProperty("Values")!.GetValue(value)!).Cast<object>(),
                IEnumerable and not string => ((IEnumerable)value).Cast<object>(),
                _ => [value],
            };
            foreach (var child in children.Where(c => IsModelRecord(c.GetType())))
            {
                CollectPopulated(child, populated);
            }
        }
    }

    public static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance);

    public static Type ElementType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueList<>))
        {
            return type.GetGenericArguments()[0];
        }

        return IsValueMap(type) ? type.GetGenericArguments()[1] : type;
    }

    public static bool IsModelRecord(Type type) =>
        type.IsClass && type.Namespace == typeof(GatewaySpec).Namespace && type.GetMethod("<Clone>$") is not null;

    private static bool IsValueMap(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueMap<,>);

    private static string Name(Type type, PropertyInfo property) => $"{type.Name}.{property.Name}";
}
