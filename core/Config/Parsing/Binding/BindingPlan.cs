using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// How to bind a YAML node onto one CLR type. Plans are built once per type and cached (<see cref="BindingPlans"/>).
/// A plan reports every problem it finds to the context and returns false when the value is unusable.
/// Null nodes never reach a plan through an optional field: the caller treats them as "unset".
/// </summary>
internal abstract class BindingPlan
{
    /// <summary>What the plan expects, for type errors: "a string", "an integer", "a list".</summary>
    public abstract string Expected { get; }

    public abstract bool TryBind(YamlNode node, FieldPath path, BindingContext context, out object? value);

    /// <summary>Reports "expected X, got Y" and fails.</summary>
    protected bool Mismatch(YamlNode node, FieldPath path, BindingContext context, out object? value, string hint = "")
    {
        context.Add(path, $"expected {Expected}, got {node.Description}{hint}");
        value = null;
        return false;
    }
}
