using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// A string from any non-null scalar, plain or quoted, kept as written (<c>6379</c> → "6379"): for fields such as Dapr's
/// metadata values, which are strings however the user typed them. Mappings and lists are still errors.
/// </summary>
internal sealed class AnyScalarPlan : BindingPlan
{
    public static AnyScalarPlan Instance { get; } = new();

    public override string Expected => "a scalar value";

    public override bool TryBind(YamlNode node, FieldPath path, BindingContext context, out object? value)
    {
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            return Mismatch(node, path, context, out value);
        }

        value = scalar.Value;
        return true;
    }
}
