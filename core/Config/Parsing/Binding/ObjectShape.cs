using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>One settable property of a bound type, with the plan for its value.</summary>
internal sealed record ObjectField(string Name, PropertyInfo Property, BindingPlan Plan);

/// <summary>
/// The reflected shape of a bound type: a constructor and its settable properties by YAML name, which is the
/// <see cref="JsonPropertyNameAttribute"/> name or the camelCase property name, as <c>MeshJson</c> writes them.
/// Properties marked <see cref="JsonIgnoreAttribute"/> (e.g. computed ones) are not fields.
/// </summary>
internal sealed class ObjectShape
{
    private ObjectShape(Func<object> create, FrozenDictionary<string, ObjectField> fields, string[] names)
    {
        Create = create;
        Fields = fields;
        Names = names;
    }

    public Func<object> Create { get; }

    public FrozenDictionary<string, ObjectField> Fields { get; }

    public string[] Names { get; }

    /// <summary>The members read here are the ones the trimmer keeps for the annotation on <paramref name="type"/>.</summary>
    public static ObjectShape Of([DynamicallyAccessedMembers(BindingPlans.ObjectMembers)] Type type)
    {
        if (type.IsAbstract || (!type.IsValueType && type.GetConstructor(Type.EmptyTypes) is null))
        {
            throw new NotSupportedException($"the YAML binder needs a parameterless constructor on {type}");
        }

        // Reflection, not a compiled expression: binding is not a hot path, and it needs no dynamic code.
        Func<object> create = () => Activator.CreateInstance(type)!;
        var fields = new List<ObjectField>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.SetMethod is not { IsPublic: true } ||
                property.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Always })
            {
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var plan = property.GetCustomAttribute<Model.Dapr.AnyScalarAttribute>() is null ? BindingPlans.For(property.PropertyType) : AnyScalarPlan.Instance;
            fields.Add(new ObjectField(name, property, plan));
        }

        var byName = fields.ToDictionary(f => f.Name, StringComparer.Ordinal);
        if (type.GetCustomAttribute<Model.Mixer.ProtoJsonNamesAttribute>() is not null)
        {
            AddProtoNames(fields, byName);
        }

        return new ObjectShape(create, byName.ToFrozenDictionary(StringComparer.Ordinal), [.. fields.Select(f => f.Name)]);
    }

    /// <summary>Protobuf JSON also accepts a field under its proto name: <c>label_names</c> for <c>labelNames</c>.</summary>
    private static void AddProtoNames(List<ObjectField> fields, Dictionary<string, ObjectField> byName)
    {
        foreach (var field in fields)
        {
            var protoName = JsonNamingPolicy.SnakeCaseLower.ConvertName(field.Name);
            byName.TryAdd(protoName, field);
        }
    }
}
