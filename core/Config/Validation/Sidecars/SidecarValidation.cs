namespace GatewayMesh.Core.Config.Validation.Sidecars;

/// <summary>Every Sidecar validator, each one concern; all run and every error is kept.</summary>
internal static class SidecarValidation
{
    private static readonly Action<ValidationContext, Model.Sidecar>[] Validators =
    [
        SidecarShapeValidator.Validate,
        SidecarIngressValidator.Validate,
        SidecarEgressValidator.Validate,
        SidecarOutboundPolicyValidator.Validate,
    ];

    public static void Validate(ValidationContext context, Model.Sidecar resource)
    {
        foreach (var validator in Validators)
        {
            validator(context, resource);
        }
    }
}
