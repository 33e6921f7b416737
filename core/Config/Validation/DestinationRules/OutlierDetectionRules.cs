using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.DestinationRules;

/// <summary>Outlier detection: error counts not negative, intervals of at least 1ms, percentages 0..100, HTTP error codes.</summary>
internal static class OutlierDetectionRules
{
    public static void Validate(ValidationContext context, string path, OutlierDetection? detection)
    {
        if (detection is null)
        {
            return;
        }

        NumberRules.AtLeast(context, $"{path}.consecutiveErrors", detection.ConsecutiveErrors, 0);
        NumberRules.AtLeast(context, $"{path}.consecutiveLocalOriginFailures", detection.ConsecutiveLocalOriginFailures, 0);
        NumberRules.AtLeast(context, $"{path}.consecutiveGatewayErrors", detection.ConsecutiveGatewayErrors, 0);
        NumberRules.AtLeast(context, $"{path}.consecutive5xxErrors", detection.Consecutive5xxErrors, 0);
        DurationRules.AtLeastOneMillisecond(context, $"{path}.interval", detection.Interval);
        DurationRules.AtLeastOneMillisecond(context, $"{path}.baseEjectionTime", detection.BaseEjectionTime);
        NumberRules.Percentage(context, $"{path}.maxEjectionPercent", detection.MaxEjectionPercent);
        NumberRules.Percentage(context, $"{path}.minHealthPercent", detection.MinHealthPercent);
        for (var i = 0; i < detection.OutlierDetectionHttpErrorCodes.Count; i++)
        {
            NumberRules.Between(context, $"{path}.outlierDetectionHttpErrorCodes[{i}]", detection.OutlierDetectionHttpErrorCodes[i], 100, 599);
        }
    }
}
