using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.DestinationRules;

/// <summary>Subsets: a unique DNS-1123 label name each, valid labels (may be empty), and their own traffic policy.</summary>
internal static class SubsetsValidator
{
    public static void Validate(ValidationContext context, DestinationRule resource)
    {
        var subsets = resource.Spec.Subsets;
        var names = new DuplicateTracker<string>(context, "subset");
        for (var i = 0; i < subsets.Count; i++)
        {
            var path = $"spec.subsets[{i}]";
            var name = subsets[i].Name;
            if (string.IsNullOrEmpty(name))
            {
                context.Add($"{path}.name", "subset name is required");
            }
            else if (!NameRules.IsDns1123Label(name))
            {
                context.Add($"{path}.name", $"invalid subset name \"{name}\": expected a DNS-1123 label (lower-case alphanumerics and '-', at most 63 characters)");
            }
            else
            {
                names.Add(name, path, $"{path}.name");
            }

            LabelRules.ValidateLabels(context, $"{path}.labels", subsets[i].Labels);
            TrafficPolicyValidator.Validate(context, $"{path}.trafficPolicy", subsets[i].TrafficPolicy);
        }
    }
}
