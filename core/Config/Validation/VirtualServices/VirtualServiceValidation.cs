using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>Every VirtualService validator, each one concern; all run and every error is kept.</summary>
internal static class VirtualServiceValidation
{
    private static readonly Action<ValidationContext, VirtualService>[] Validators =
    [
        VirtualServiceHostsValidator.Validate,
        VirtualServiceGatewaysValidator.Validate,
        HttpRouteNamesValidator.Validate,
        HttpRouteActionValidator.Validate,
        HttpMatchValidator.Validate,
        RouteDestinationsValidator.Validate,
        HttpRedirectValidator.Validate,
        HttpDirectResponseValidator.Validate,
        HttpRewriteAndHeadersValidator.Validate,
        HttpRetryValidator.Validate,
        HttpFaultValidator.Validate,
        HttpMirrorValidator.Validate,
        CorsPolicyValidator.Validate,
        L4MatchValidator.Validate,
        HedgingAnnotationValidator.Validate,
    ];

    public static void Validate(ValidationContext context, VirtualService resource)
    {
        foreach (var validator in Validators)
        {
            validator(context, resource);
        }
    }
}
