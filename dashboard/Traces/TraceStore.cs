namespace GatewayMesh.Dashboard.Traces;

/// <summary>A summary line of one stored trace.</summary>
internal sealed record TraceSummary(string TraceId, string Root, string Service, long StartUnixNano, double DurationMilliseconds, int Spans, bool Error);

/// <summary>
/// The most recent traces, in memory: at most <see cref="MaxTraces"/> traces of at most <see cref="MaxSpansPerTrace"/>
/// spans; the trace updated longest ago is dropped first. Spans of one trace arrive from several proxies at different
/// times and are joined by trace id. Thread-safe.
/// </summary>
internal sealed class TraceStore(int maxTraces = 200, int maxSpansPerTrace = 1000)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<SpanRecord>> _traces = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();
    private long _received;

    public int MaxTraces { get; } = maxTraces;

    public int MaxSpansPerTrace { get; } = maxSpansPerTrace;

    public long ReceivedSpans => Interlocked.Read(ref _received);

    public void Add(IEnumerable<SpanRecord> spans)
    {
        lock (_gate)
        {
            foreach (var span in spans)
            {
                if (span.TraceId.Length == 0)
                {
                    continue;
                }

                _received++;
                if (!_traces.TryGetValue(span.TraceId, out var list))
                {
                    list = [];
                    _traces[span.TraceId] = list;
                }

                if (list.Count < MaxSpansPerTrace)
                {
                    list.Add(span);
                }

                _order.Remove(span.TraceId);
                _order.AddLast(span.TraceId);
                while (_traces.Count > MaxTraces && _order.First is { } oldest)
                {
                    _order.RemoveFirst();
                    _traces.Remove(oldest.Value);
                }
            }
        }
    }

    /// <summary>The stored traces, newest first.</summary>
    public IReadOnlyList<TraceSummary> List()
    {
        lock (_gate)
        {
            return [.. _order.Reverse().Select(id => Summarize(id, _traces[id]))];
        }
    }

    public IReadOnlyList<SpanRecord>? Get(string traceId)
    {
        lock (_gate)
        {
            return _traces.TryGetValue(traceId, out var list) ? [.. list.OrderBy(s => s.StartUnixNano)] : null;
        }
    }

    private static TraceSummary Summarize(string id, List<SpanRecord> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var root = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId)).OrderBy(s => s.StartUnixNano).FirstOrDefault() ?? spans[0];
        var start = spans.Min(s => s.StartUnixNano);
        var end = spans.Max(s => s.EndUnixNano);
        return new TraceSummary(id, root.Name, root.Service, start, (end - start) / 1_000_000.0, spans.Count, spans.Any(s => s.Status == "ERROR"));
    }
}
