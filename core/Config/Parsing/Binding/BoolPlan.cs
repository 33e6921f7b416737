using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>Booleans: the plain scalars <c>true</c> and <c>false</c> only.</summary>
internal sealed class BoolPlan : BindingPlan
{
    public static BoolPlan Instance { get; } = new();

    public override string Expected => "a boolean (true or false)";

    public override bool TryBind(YamlNode node, FieldPath path, BindingContext context, out object? value)
    {
        if (node is YamlScalar { IsPlain: true, Value: "true" or "false" } scalar)
        {
            value = scalar.Value == "true";
            return true;
        }

        var hint = node is YamlScalar { IsPlain: false, Value: "true" or "false" } ? " (remove the quotes)" : "";
        return Mismatch(node, path, context, out value, hint);
    }
}
