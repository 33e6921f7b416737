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

        Baseline(request, 1_000);
        Telemetry(request, steps, recorders, 1_000); // every method compiled before the windows

        Callgrind.Control("-i", "on");
        Baseline(request, iterations);
        Callgrind.Control("--dump=baseline-1x");
        Baseline(request, 2 * iterations);
        Callgrind.Control("--dump=baseline-2x");
        Telemetry(request, steps, recorders, iterations);
        Callgrind.Control("--dump=telemetry-1x");
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        Telemetry(request, steps, recorders, 2 * iterations);
        BytesPerIteration = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (2.0 * iterations);
        Callgrind.Control("--dump=telemetry-2x");
        Callgrind.Control("-i", "off");
    }

    private static bool IsTelemetry(object step) => step.GetType().Namespace?.StartsWith("GatewayMesh.Proxy.Telemetry", StringComparison.Ordinal) == true;

    private static void Baseline(ProxyRequest request, int iterations)
    {
        for (var i = 0; i < iterations; i++)
        {
            WriteBody(request.Http);
        }
    }

    private static void Telemetry(ProxyRequest request, IProxyStep[] steps, IRequestRecorder[] recorders, int iterations)
    {
        for (var i = 0; i < iterations; i++)
        {
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
