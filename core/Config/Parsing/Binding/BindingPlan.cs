using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// How to bind a YAML node onto one CLR type. Plans are built once per type and cached (<see cref="BindingPlans"/>).
/// A plan reports every problem it finds to the context and returns false when anything inside the value was wrong.
/// It still hands back what it could bind (a partial value): a mapping with one bad field is the object without that
/// field, a list with one bad item keeps a <see cref="Placeholder"/> at that index, so semantic validation can run on
/// the rest with every list index unchanged. A value that could not be read at all (a type mismatch) is null.
/// Null nodes never reach a plan through an optional field: the caller treats them as "unset".
/// </summary>
internal abstract class BindingPlan
{
    /// <summary>What the plan expects, for type errors: "a string", "an integer", "a list".</summary>
    public abstract string Expected { get; }

    public abstract bool TryBind(YamlNode node, FieldPath path, BindingContext context, out object? value);

    /// <summary>
    /// What stands in for an item that could not be bound, so later items keep their index: an empty object, an empty
    /// string, the default of a value type. Its errors are already reported; validation ignores its path.
    /// </summary>
    public virtual object? Placeholder => null;

    /// <summary>Reports "expected X, got Y" and fails.</summary>
    protected bool Mismatch(YamlNode node, FieldPath path, BindingContext context, out object? value, string hint = "")
    {
        context.Add(path, $"expected {Expected}, got {node.Description}{hint}");
        value = null;
        return false;
    }
}
