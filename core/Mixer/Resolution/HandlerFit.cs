using GatewayMesh.Core.Config.Model.Mixer;

namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>What a handler needs of each instance it receives, beyond the template: a quota limit, a metric definition.</summary>
internal static class HandlerFit
{
    public static string? Problem(HandlerDefinition handler, InstanceDefinition instance) => (handler.Params, instance.Params) switch
    {
        (MemQuotaParams mem, QuotaParams) when !mem.Quotas.Any(q => Names(q.Name, instance, handler)) =>
            $"handler {handler.FullName} has no quota named {instance.FullName}; add it to its quotas",
        (RedisQuotaParams redis, QuotaParams) when !redis.Quotas.Any(q => Names(q.Name, instance, handler)) =>
            $"handler {handler.FullName} has no quota named {instance.FullName}; add it to its quotas",
        (PrometheusParams prometheus, MetricParams metric) => MetricProblem(handler, prometheus, instance, metric),
        _ => null,
    };

    /// <summary>Whether a quota or metric entry's <c>name</c>/<c>instanceName</c> names the instance (full name, or any form a rule could use).</summary>
    public static bool Names(string? name, InstanceDefinition instance, HandlerDefinition handler) =>
        name is not null && MixerNames.Candidates(name, Config.Model.ResourceKinds.MixerInstance, handler.Source.Namespace).Contains(instance.FullName);

    private static string? MetricProblem(HandlerDefinition handler, PrometheusParams prometheus, InstanceDefinition instance, MetricParams metric)
    {
        var info = prometheus.Metrics.FirstOrDefault(m => Names(m.InstanceName, instance, handler));
        if (info is null)
        {
            return $"handler {handler.FullName} has no metric with instanceName {instance.FullName}";
        }

        var missing = info.LabelNames.Where(l => !metric.Dimensions.ContainsKey(l)).ToArray();
        return missing.Length > 0
            ? $"metric {PrometheusNames.FullName(info)} of handler {handler.FullName} has label(s) {string.Join(", ", missing)} that instance {instance.FullName} has no dimension for"
            : null;
    }
}
