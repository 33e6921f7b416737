using GatewayMesh.Core.Config.Model.Legacy;

namespace GatewayMesh.Core.Config.Validation.Legacy;

/// <summary>Every RouteRule validator (Istio 0.x rules, as Istio 0.7 checked them); all run and every error is kept.</summary>
internal static class RouteRuleValidation
{
    private static readonly Action<ValidationContext, RouteRule>[] Validators =
    [
        RouteRuleDestinationValidator.Validate,
        RouteRuleMatchValidator.Validate,
        RouteRuleActionValidator.Validate,
        RouteRulePoliciesValidator.Validate,
    ];

    public static void Validate(ValidationContext context, RouteRule resource)
    {
        foreach (var validator in Validators)
        {
            validator(context, resource);
        }
    }
}
