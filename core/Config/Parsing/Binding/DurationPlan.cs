using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Binding;

/// <summary>Durations such as <c>1.5s</c> or <c>100ms</c>, read by <see cref="MeshDuration.TryParse"/>, whose message explains a bad one.</summary>
internal sealed class DurationPlan : BindingPlan
{
    public static DurationPlan Instance { get; } = new();

    public override string Expected => "a duration (e.g. 1.5s, 100ms, 2m)";

    public override bool TryBind(YamlNode node, FieldPath path, BindingContext context, out object? value)
    {
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            return Mismatch(node, path, context, out value);
        }

        if (!MeshDuration.TryParse(scalar.Value, out var duration, out var error))
        {
            context.Add(path, error);
            value = null;
            return false;
        }

        value = duration;
        return true;
    }
}
