using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>Traffic mirroring: mirror (with mirrorPercentage) or mirrors, each with a destination host and a share of 0..100.</summary>
internal static class HttpMirrorValidator
{
    public static void Validate(ValidationContext context, VirtualService resource)
    {
        for (var i = 0; i < resource.Spec.Http.Count; i++)
        {
            var route = resource.Spec.Http[i];
            var path = $"spec.http[{i}]";
            if (route.Mirror is not null && !route.Mirrors.IsEmpty)
            {
                context.Add(path, "set mirror or mirrors, not both");
            }

            if (route.Mirror is not null)
            {
                RouteDestinationRules.Validate(context, $"{path}.mirror", route.Mirror);
            }

            NumberRules.Percentage(context, $"{path}.mirrorPercentage", route.MirrorPercentage);
            NumberRules.Percentage(context, $"{path}.mirrorPercent", route.MirrorPercent);
            for (var m = 0; m < route.Mirrors.Count; m++)
            {
                RouteDestinationRules.Validate(context, $"{path}.mirrors[{m}].destination", route.Mirrors[m].Destination);
                NumberRules.Percentage(context, $"{path}.mirrors[{m}].percentage", route.Mirrors[m].Percentage);
            }
        }
    }
}
