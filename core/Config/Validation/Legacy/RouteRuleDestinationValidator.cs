using GatewayMesh.Core.Config.Model.Legacy;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Legacy;

/// <summary>
/// The destination (a service without labels), the weighted routes (each 0 to 100; as in Istio 0.x they must total
/// 100, except a single route without a weight) and the mirror.
/// </summary>
internal static class RouteRuleDestinationValidator
{
    public static void Validate(ValidationContext context, RouteRule resource)
    {
        var spec = resource.Spec;
        IstioServiceRules.Validate(context, "spec.destination", spec.Destination, allowLabels: false);
        for (var i = 0; i < spec.Route.Count; i++)
        {
            var route = spec.Route[i];
            var path = $"spec.route[{i}]";
            if (route.Destination is not null)
            {
                IstioServiceRules.Validate(context, $"{path}.destination", route.Destination);
            }

            LabelRules.ValidateLabels(context, $"{path}.labels", route.Labels);
            NumberRules.Percentage(context, $"{path}.weight", route.Weight);
        }

        var sum = spec.Route.Sum(r => (long)(r.Weight ?? 0));
        var weightsInRange = spec.Route.All(r => r.Weight is null or (>= 0 and <= 100));
        if (!spec.Route.IsEmpty && !(spec.Route.Count == 1 && sum == 0) && sum != 100 && weightsInRange && !context.IsIncomplete("spec.route"))
        {
            context.Add("spec.route", $"route weights total {sum}; Istio 0.x route rules must total 100");
        }

        if (spec.Mirror is not null)
        {
            IstioServiceRules.Validate(context, "spec.mirror", spec.Mirror);
        }
    }
}
