using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>Builds and caches one <see cref="BindingPlan"/> per CLR type; the model's conventions decide which plan.</summary>
internal static class BindingPlans
{
    /// <summary>What <see cref="ObjectPlan"/> reads of a type: its parameterless constructor and public properties.</summary>
    public const DynamicallyAccessedMemberTypes ObjectMembers =
        DynamicallyAccessedMemberTypes.PublicParameterlessConstructor | DynamicallyAccessedMemberTypes.PublicProperties;

    private const string ModelIsRooted =
        "The binder walks only the config model: resource and spec types (ResourceKinds), Mixer params (UntypedBinder) and " +
        "the types of their properties, list items and map values. core's ILLink.Descriptors.xml keeps every type of the " +
        "model's namespaces whole; BinderTrimmingTests walks the model from those roots and checks each type is in them.";

    private static readonly ConcurrentDictionary<Type, BindingPlan> Cache = new();

    public static BindingPlan For(Type type) => Cache.GetOrAdd(type, Create);

    [UnconditionalSuppressMessage("Trimming", "IL2067:UnrecognizedReflectionPattern", Justification = ModelIsRooted)]
    [UnconditionalSuppressMessage("Trimming", "IL2072:UnrecognizedReflectionPattern", Justification = ModelIsRooted)]
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

        if (CollectionPlans.IsCollection(target))
        {
            return CollectionPlans.For(target);
        }

        if (target.IsPrimitive || target == typeof(decimal) || target == typeof(object) || target.IsInterface || target.IsArray ||
            typeof(System.Collections.IEnumerable).IsAssignableFrom(target))
        {
            throw new NotSupportedException($"the YAML binder does not support fields of type {target}");
        }

        return new ObjectPlan(target);
    }
}
