using System.Collections.Concurrent;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>Builds and caches one <see cref="BindingPlan"/> per CLR type; the model's conventions decide which plan.</summary>
internal static class BindingPlans
{
    private static readonly ConcurrentDictionary<Type, BindingPlan> Cache = new();

    public static BindingPlan For(Type type) => Cache.GetOrAdd(type, Create);

    private static BindingPlan Create(Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            return StringPlan.Instance;
        }

        if (target == typeof(bool))
        {
            return BoolPlan.Instance;
        }

        if (target == typeof(double) || target == typeof(float))
        {
            return target == typeof(double) ? FloatPlan.Double : FloatPlan.Single;
        }

        if (target == typeof(MeshDuration))
        {
            return DurationPlan.Instance;
        }

        if (target == typeof(Model.Mixer.UntypedValue))
        {
            return UntypedPlan.Instance;
        }

        if (target.IsEnum)
        {
            return new EnumPlan(target);
        }

        if (IntegerPlan.For(target) is { } integer)
        {
            return integer;
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(ValueList<>))
        {
            return Generic(typeof(ListPlan<>), target.GetGenericArguments());
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(ValueMap<,>))
        {
            var arguments = target.GetGenericArguments();
            return arguments[0] == typeof(string) || arguments[0] == typeof(int)
                ? Generic(typeof(MapPlan<,>), arguments)
                : throw new NotSupportedException($"the YAML binder supports string and int map keys, not {arguments[0]}");
        }

        if (target.IsPrimitive || target == typeof(decimal) || target == typeof(object) || target.IsInterface || target.IsArray ||
            typeof(System.Collections.IEnumerable).IsAssignableFrom(target))
        {
            throw new NotSupportedException($"the YAML binder does not support fields of type {target}");
        }

        return new ObjectPlan(target);
    }

    private static BindingPlan Generic(Type planDefinition, Type[] arguments) =>
        (BindingPlan)Activator.CreateInstance(planDefinition.MakeGenericType(arguments))!;
}
