using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.Security;

/// <summary>Every AuthorizationPolicy validator; all run and every error is kept.</summary>
internal static class AuthorizationPolicyValidation
{
    private static readonly Action<ValidationContext, AuthorizationPolicy>[] Validators =
    [
        AuthorizationTargetValidator.Validate,
        AuthorizationSourceValidator.Validate,
        AuthorizationOperationValidator.Validate,
        AuthorizationConditionValidator.Validate,
    ];

    public static void Validate(ValidationContext context, AuthorizationPolicy resource)
    {
        foreach (var validator in Validators)
        {
            validator(context, resource);
        }
    }
}
