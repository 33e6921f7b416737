using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.ServiceEntries;

/// <summary>Every ServiceEntry validator; all run and every error is kept.</summary>
internal static class ServiceEntryValidation
{
    private static readonly Action<ValidationContext, ServiceEntry>[] Validators =
    [
        ServiceEntryHostsValidator.Validate,
        ServiceEntryPortsValidator.Validate,
        ServiceEntryResolutionValidator.Validate,
        ServiceEntryEndpointsValidator.Validate,
    ];

    public static void Validate(ValidationContext context, ServiceEntry resource)
    {
        foreach (var validator in Validators)
        {
            validator(context, resource);
        }
    }
}
