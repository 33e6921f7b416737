using GatewayMesh.Proxy.Pipeline;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GatewayMesh.Bench.Telemetry;

/// <summary>
/// Exactly the telemetry work of one forwarded request, repeated on one thread with nothing else in between, so that
/// callgrind can count it without the sockets, thread hops and background of the whole process. A record step
/// registered before every other (so it sees a finished forwarded request that the real recorders have not yet seen):
/// when armed, it first lets telemetry's own recorders finish that request (the body counter is returned), then runs,
/// synchronously on the request's thread, windows of iterations of what the pipeline does for telemetry:
/// the listener's telemetry steps in their stage order (body counting, peer metadata, tracing, the mesh-hop headers,
/// the upgrade check), the response body written as the forwarder writes it (2 bytes, through the body counter when
/// one is bound), and the telemetry recorders (body sizes, the standard metrics and access log, the span). A baseline
/// window writes the body only. Each window is bracketed by callgrind dumps: baseline K and 2K iterations, then
/// telemetry K and 2K, so a window's fixed cost (the dump commands) cancels in the 2K − K difference.
/// </summary>
internal sealed class TelemetryStepLoop(IServiceProvider services) : IRequestRecorder
{
    private static readonly ReadOnlyMemory<byte> Body = "ok"u8.ToArray();
    private int _iterations;

    /// <summary>The exception a window threw (the pipeline would only log it), rethrown by the caller.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Bytes allocated on the loop's thread per telemetry iteration.</summary>
    public double BytesPerIteration { get; private set; }

    /// <summary>The telemetry steps and recorders that ran, in order (for the printout).</summary>
    public string Work { get; private set; } = "";

    /// <summary>
    /// Whether every iteration (baseline and telemetry alike) also sets and clears the request's feature as
    /// <see cref="ProxyPipeline"/> does around each request: each set bumps the feature collection's revision, so the
    /// features are fetched again once per iteration whatever telemetry does, as in a real request. Off: only
    /// telemetry's own feature swaps bump it, and every re-fetch is charged to telemetry (the figures before 2026-12-08 02:30).
    /// </summary>
    public bool PipelineRevisions { get; set; }

    /// <summary>Measures inside the record step of the next request: 4 callgrind dumps of <paramref name="iterations"/>, 2×, K, 2× (baseline, then telemetry).</summary>
    public void Arm(int iterations) => _iterations = iterations;

    public void Record(ProxyRequest request)
    {
        var iterations = Interlocked.Exchange(ref _iterations, 0);
        if (iterations == 0)
        {
            return;
        }

        try
        {
            Measure(request, iterations);
        }
        catch (Exception ex)
        {
            Failure = ex;
        }
    }

    private void Measure(ProxyRequest request, int iterations)
    {
        var pipeline = services.GetRequiredService<ProxyPipelines>()[request.Listener];
        var steps = pipeline.Steps.Where(IsTelemetry).ToArray();
        var recorders = pipeline.Recorders.Where(IsTelemetry).ToArray();
        Work = string.Join(", ", steps.Select(s => s.GetType().Name)) + "; recorders " + string.Join(", ", recorders.Select(r => r.GetType().Name));
        foreach (var recorder in recorders)
        {
            recorder.Record(request); // the real request's own record step, so the loop starts from a recorded request
        }

        var revisions = PipelineRevisions;
        Baseline(request, 1_000, revisions);
        Telemetry(request, steps, recorders, 1_000, revisions); // every method compiled before the windows

        Callgrind.Control("-i", "on");
        Baseline(request, iterations, revisions);
        Callgrind.Control("--dump=baseline-1x");
        Baseline(request, 2 * iterations, revisions);
        Callgrind.Control("--dump=baseline-2x");
        Telemetry(request, steps, recorders, iterations, revisions);
        Callgrind.Control("--dump=telemetry-1x");
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        Telemetry(request, steps, recorders, 2 * iterations, revisions);
        BytesPerIteration = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (2.0 * iterations);
        Callgrind.Control("--dump=telemetry-2x");
        Callgrind.Control("-i", "off");
        request.Http.Features.Set(request); // as the pipeline left it, for the recorders after this one
    }

    private static bool IsTelemetry(object step) => step.GetType().Namespace?.StartsWith("GatewayMesh.Proxy.Telemetry", StringComparison.Ordinal) == true;

    private static void Baseline(ProxyRequest request, int iterations, bool revisions)
    {
        for (var i = 0; i < iterations; i++)
        {
            Begin(request, revisions);
            WriteBody(request.Http);
            End(request, revisions);
        }
    }

    private static void Telemetry(ProxyRequest request, IProxyStep[] steps, IRequestRecorder[] recorders, int iterations, bool revisions)
    {
        for (var i = 0; i < iterations; i++)
        {
            Begin(request, revisions);
            foreach (var step in steps)
            {
                var pending = step.InvokeAsync(request);
                if (!pending.IsCompletedSuccessfully || pending.Result != StepResult.Continue)
                {
                    throw new InvalidOperationException($"{step.GetType().Name} did not continue synchronously");
                }
            }

            WriteBody(request.Http);
            foreach (var recorder in recorders)
            {
                recorder.Record(request);
            }

            End(request, revisions);
        }
    }

    /// <summary>What <see cref="ProxyPipeline"/> does to the features before the steps (with <see cref="PipelineRevisions"/>).</summary>
    private static void Begin(ProxyRequest request, bool revisions)
    {
        if (revisions)
        {
            request.Http.Features.Set(request);
        }
    }

    /// <summary>What <see cref="ProxyPipeline"/> does to the features after the recorders (with <see cref="PipelineRevisions"/>).</summary>
    private static void End(ProxyRequest request, bool revisions)
    {
        if (revisions)
        {
            request.Http.Features.Set<ProxyRequest>(null);
        }
    }

    private static void WriteBody(HttpContext http)
    {
        if (!http.Response.Body.WriteAsync(Body).AsTask().IsCompletedSuccessfully) // a completed write's task is a shared one: nothing allocated
        {
            throw new InvalidOperationException("the response body write did not complete synchronously");
        }
    }
}
