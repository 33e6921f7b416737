using GatewayMesh.Proxy.Pipeline;
using GatewayMesh.Proxy.Policy.Attributes;
using GatewayMesh.Proxy.Policy.Compilation;
using GatewayMesh.Proxy.Policy.Telemetry;
using Microsoft.Extensions.ObjectPool;

namespace GatewayMesh.Proxy.Policy;

/// <summary>
/// Mixer telemetry in the record phase, after the response: for each report rule that matches, evaluates its metric and
/// logentry instances and copies the values into the <see cref="TelemetryBuffer"/>; the background writer turns them
/// into Prometheus samples and log lines. Never blocks and never throws: a full buffer drops (and counts) the item.
/// </summary>
public sealed class MixerTelemetryRecorder(TelemetryBuffer buffer, TimeProvider time) : IRequestRecorder
{
    private readonly ObjectPool<RequestAttributes> _bags = new DefaultObjectPool<RequestAttributes>(new DefaultPooledObjectPolicy<RequestAttributes>(), 256);

    public void Record(ProxyRequest request)
    {
        var policy = request.Config.Feature<CompiledPolicy>();
        var reports = request.Listener == ProxyListener.SidecarOutbound ? policy?.OutboundReports : policy?.Reports;
        if (reports is null || reports.IsEmpty)
        {
            return;
        }

        var bag = _bags.Get().Bind(request, time, report: true);
        try
        {
            var ns = request.Listener == ProxyListener.SidecarInbound ? request.Self.Namespace
                : bag.TryGetString(Core.Mixer.Attributes.MixerAttribute.DestinationServiceNamespace, out var n) ? n : null;
            foreach (var rule in reports.Rules)
            {
                if ((rule.Namespace is { } scope && scope != ns) || !rule.Matches(bag))
                {
                    continue;
                }

                foreach (var action in rule.Actions)
                {
                    switch (action)
                    {
                        case MetricReport metric:
                            Metric(reports, metric, bag);
                            break;
                        case LogReport log:
                            Log(reports, log, bag);
                            break;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A recorder must not throw; a bad value costs its item, nothing else.
        }
        finally
        {
            bag.Unbind();
            _bags.Return(bag);
        }
    }

    private void Metric(CompiledReports reports, MetricReport metric, RequestAttributes bag)
    {
        if (!metric.Value.TryEvalDouble(bag, out var value))
        {
            return; // the instance cannot be built: Mixer dropped it
        }

        var labels = new string[metric.Labels.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            if (!metric.Labels[i].TryEvalString(bag, out labels[i]))
            {
                return;
            }
        }

        buffer.Add(new MetricItem(reports, metric.Metric, value, labels));
    }

    private void Log(CompiledReports reports, LogReport log, RequestAttributes bag)
    {
        var severity = log.Severity is { } s && s.TryEvalString(bag, out var text) ? text : null;
        var level = log.IsMetric ? log.Sink.MetricLevel : log.Sink.LevelOf(severity);
        if (level < log.Sink.OutputLevel)
        {
            return;
        }

        var timestamp = log.Timestamp is { } t && t.TryEvalObject(bag, out var value) && value is DateTimeOffset at ? at : time.GetUtcNow();
        var variables = new KeyValuePair<string, object?>[log.Variables.Count];
        var count = 0;
        foreach (var (name, expression) in log.Variables)
        {
            if (expression.TryEvalObject(bag, out var v))
            {
                variables[count++] = new(name, v);
            }
        }

        buffer.Add(new LogItem(reports, log.Sink, level, timestamp, log.Instance, count == variables.Length ? variables : variables[..count]));
    }
}
