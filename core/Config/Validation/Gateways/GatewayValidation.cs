using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.Gateways;

/// <summary>Every Gateway validator; all run and every error is kept.</summary>
internal static class GatewayValidation
{
    private static readonly Action<ValidationContext, Gateway>[] Validators =
    [
        GatewayServersValidator.Validate,
        GatewayServerHostsValidator.Validate,
        GatewayServerTlsValidator.Validate,
    ];

    public static void Validate(ValidationContext context, Gateway resource)
    {
        foreach (var validator in Validators)
        {
            validator(context, resource);
        }
    }
}
