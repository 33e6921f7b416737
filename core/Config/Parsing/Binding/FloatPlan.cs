using System.Globalization;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>Finite <see cref="double"/> or <see cref="float"/> values from plain numeric scalars (integers included).</summary>
internal sealed class FloatPlan(bool isSingle) : BindingPlan
{
    public static FloatPlan Double { get; } = new(isSingle: false);

    public static FloatPlan Single { get; } = new(isSingle: true);

    public override string Expected => "a number";

    public override bool TryBind(YamlNode node, FieldPath path, BindingContext context, out object? value)
    {
        if (node is not YamlScalar { IsPlain: true } scalar || CoreSchema.Resolve(scalar.Value) is not (PlainScalarType.Int or PlainScalarType.Float))
        {
            var hint = node is YamlScalar { IsPlain: false } quoted && CoreSchema.Resolve(quoted.Value) is PlainScalarType.Int or PlainScalarType.Float
                ? " (remove the quotes)"
                : "";
            return Mismatch(node, path, context, out value, hint);
        }

        if (!double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            context.Add(path, $"value {scalar.Value} is not a decimal number");
            value = null;
            return false;
        }

        if (!double.IsFinite(number) || (isSingle && !float.IsFinite((float)number)))
        {
            context.Add(path, $"value {scalar.Value} is out of range for {(isSingle ? "a single-precision" : "a double-precision")} number");
            value = null;
            return false;
        }

        value = isSingle ? (float)number : number;
        return true;
    }
}
