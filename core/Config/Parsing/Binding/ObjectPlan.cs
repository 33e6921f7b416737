using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// A record (or any type with a parameterless constructor and settable properties) from a mapping. Unknown fields
/// are errors with a "did you mean" hint; a null value leaves the field unset. Fields named in
/// <c>ignoredFields</c> are accepted and dropped (e.g. what a server adds to <c>metadata</c>).
/// The field table is built on first use, so a type may contain itself. A mapping always yields an instance: fields
/// that failed stay unset, and the result is false.
/// </summary>
internal sealed class ObjectPlan : BindingPlan
{
    private readonly Lazy<ObjectShape> _shape;
    private readonly FrozenSet<string> _ignored;

    public ObjectPlan([DynamicallyAccessedMembers(BindingPlans.ObjectMembers)] Type type, IEnumerable<string>? ignoredFields = null)
    {
        _shape = new(() => ObjectShape.Of(type));
        _ignored = (ignoredFields ?? []).ToFrozenSet(StringComparer.Ordinal);
    }

    public override string Expected => "a mapping";

    /// <summary>The YAML field names, in declaration order.</summary>
    public IReadOnlyList<string> FieldNames => _shape.Value.Names;

    public override object Placeholder => _shape.Value.Create();

    public override bool TryBind(YamlNode node, FieldPath path, BindingContext context, out object? value)
    {
        if (node is not YamlMapping mapping)
        {
            return Mismatch(node, path, context, out value);
        }

        RuntimeHelpers.EnsureSufficientExecutionStack();
        var shape = _shape.Value;
        DuplicateKeys.Report(mapping, path.Field, context);
        var ok = mapping.Duplicates.IsEmpty;
        var instance = shape.Create();
        HashSet<string>? seen = null;
        foreach (var (key, fieldValue) in mapping.Entries)
        {
            var name = key.Value;
            if (!shape.Fields.TryGetValue(name, out var field))
            {
                if (!_ignored.Contains(name))
                {
                    context.AddKeyError(path.Field(name), $"unknown field \"{name}\"{SpellingHint.Suffix(name, shape.Names)}");
                    ok = false;
                }

                continue;
            }

            if (name != field.Name && !(seen ??= [.. mapping.Entries.Select(e => e.Key.Value)]).Add(field.Name))
            {
                context.Add(path.Field(name), $"\"{name}\" and \"{field.Name}\" are the same field; give it once");
                ok = false;
                continue;
            }

            if (fieldValue is YamlScalar { IsNull: true })
            {
                continue;
            }

            ok &= field.Plan.TryBind(fieldValue, path.Field(name), context, out var bound);
            if (bound is not null)
            {
                field.Property.SetValue(instance, bound);
            }
        }

        value = instance;
        return ok;
    }
}
