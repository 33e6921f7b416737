using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>Gateway reference syntax in spec.gateways and in every route match's gateways.</summary>
internal static class VirtualServiceGatewaysValidator
{
    public static void Validate(ValidationContext context, VirtualService resource)
    {
        var spec = resource.Spec;
        GatewayReferences.Validate(context, "spec.gateways", spec.Gateways);
        for (var r = 0; r < spec.Http.Count; r++)
        {
            for (var m = 0; m < spec.Http[r].Match.Count; m++)
            {
                GatewayReferences.Validate(context, $"spec.http[{r}].match[{m}].gateways", spec.Http[r].Match[m].Gateways);
            }
        }

        for (var r = 0; r < spec.Tls.Count; r++)
        {
            for (var m = 0; m < spec.Tls[r].Match.Count; m++)
            {
                GatewayReferences.Validate(context, $"spec.tls[{r}].match[{m}].gateways", spec.Tls[r].Match[m].Gateways);
            }
        }

        for (var r = 0; r < spec.Tcp.Count; r++)
        {
            for (var m = 0; m < spec.Tcp[r].Match.Count; m++)
            {
                GatewayReferences.Validate(context, $"spec.tcp[{r}].match[{m}].gateways", spec.Tcp[r].Match[m].Gateways);
            }
        }
    }
}
