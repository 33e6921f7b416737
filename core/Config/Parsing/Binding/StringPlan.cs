using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>
/// Strings: any quoted or block scalar, and plain scalars the core schema reads as strings. A plain <c>123</c> or
/// <c>true</c> is a number or a boolean, as Kubernetes reads it, so it is an error that says to quote it.
/// </summary>
internal sealed class StringPlan : BindingPlan
{
    public static StringPlan Instance { get; } = new();

    public override string Expected => "a string";

    public override object Placeholder => "";

    public override bool TryBind(YamlNode node, FieldPath path, BindingContext context, out object? value)
    {
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            return Mismatch(node, path, context, out value);
        }

        if (scalar.IsPlain && CoreSchema.Resolve(scalar.Value) is not PlainScalarType.String)
        {
            return Mismatch(node, path, context, out value, $" (quote it to use it as a string: \"{scalar.Value}\")");
        }

        value = scalar.Value;
        return true;
    }
}
