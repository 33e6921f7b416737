using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Mixer.Expressions;

namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>The fields each template requires, and the type each expression must have.</summary>
internal static class TemplateParamsRules
{
    public static void Check(object parameters, string path, MixerErrorSink sink)
    {
        switch (parameters)
        {
            case ListEntryParams listEntry:
                Required(listEntry.Value, $"{path}.value", sink);
                MixerExpressions.Check(listEntry.Value, null, $"{path}.value", sink);
                break;
            case QuotaParams quota:
                MixerExpressions.CheckAll(quota.Dimensions, $"{path}.dimensions", sink);
                break;
            case MetricParams metric:
                Required(metric.Value, $"{path}.value", sink);
                MixerExpressions.Check(metric.Value, null, $"{path}.value", sink);
                MixerExpressions.CheckAll(metric.Dimensions, $"{path}.dimensions", sink);
                MixerExpressions.Check(metric.MonitoredResourceType, CexlType.String, $"{path}.monitoredResourceType", sink);
                MixerExpressions.CheckAll(metric.MonitoredResourceDimensions, $"{path}.monitoredResourceDimensions", sink);
                break;
            case LogEntryParams log:
                MixerExpressions.CheckAll(log.Variables, $"{path}.variables", sink);
                MixerExpressions.Check(log.Timestamp, CexlType.Timestamp, $"{path}.timestamp", sink);
                MixerExpressions.Check(log.Severity, CexlType.String, $"{path}.severity", sink);
                MixerExpressions.Check(log.MonitoredResourceType, CexlType.String, $"{path}.monitoredResourceType", sink);
                MixerExpressions.CheckAll(log.MonitoredResourceDimensions, $"{path}.monitoredResourceDimensions", sink);
                break;
        }
    }

    private static void Required(string? value, string path, MixerErrorSink sink)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            sink.Add(path, "required field is missing");
        }
    }
}
