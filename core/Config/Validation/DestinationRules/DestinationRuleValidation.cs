using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.DestinationRules;

/// <summary>Every DestinationRule validator; all run and every error is kept.</summary>
internal static class DestinationRuleValidation
{
    private static readonly Action<ValidationContext, DestinationRule>[] Validators =
    [
        DestinationRuleHostValidator.Validate,
        TrafficPolicyValidator.Validate,
        SubsetsValidator.Validate,
    ];

    public static void Validate(ValidationContext context, DestinationRule resource)
    {
        foreach (var validator in Validators)
        {
            validator(context, resource);
        }
    }
}
