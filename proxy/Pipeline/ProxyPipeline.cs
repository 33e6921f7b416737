using GatewayMesh.Proxy.Forwarding;
using GatewayMesh.Proxy.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.ObjectPool;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>
/// One listener's request path: its steps in stage order, then its recorders. <see cref="RunAsync"/> takes a pooled
/// <see cref="ProxyRequest"/>, reads the current config once, runs the steps until one stops, and in every case (a
/// local answer, an exception, the client leaving) ends the request's timing, runs the recorders and returns the
/// context to the pool. No request can take the proxy down: an unexpected exception is logged and answered 500.
/// </summary>
public sealed class ProxyPipeline
{
    private readonly IProxyStep[] _steps;
    private readonly IRequestRecorder[] _recorders;
    private readonly ProxyState _state;
    private readonly TimeProvider _time;
    private readonly ObjectPool<ProxyRequest> _pool;
    private readonly ILogger _logger;

    internal ProxyPipeline(
        ProxyListener listener, IProxyStep[] steps, IRequestRecorder[] recorders, ProxyState state, TimeProvider time, ObjectPool<ProxyRequest> pool, ILogger logger)
    {
        Listener = listener;
        _steps = steps;
        _recorders = recorders;
        _state = state;
        _time = time;
        _pool = pool;
        _logger = logger;
    }

    public ProxyListener Listener { get; }

    /// <summary>The steps, in the order they run (for the admin view and tests).</summary>
    public IReadOnlyList<IProxyStep> Steps => _steps;

    public IReadOnlyList<IRequestRecorder> Recorders => _recorders;

    /// <summary>Runs <paramref name="context"/> through this listener's steps; <paramref name="frontDoor"/> names a front door (e.g. <c>dapr-http</c>).</summary>
    public async Task RunAsync(HttpContext context, string? frontDoor = null)
    {
        var request = _pool.Get();
        request.Begin(context, Listener, frontDoor, _state.Identity, _state.Current, _time);
        context.Features.Set(request);
        try
        {
            foreach (var step in _steps)
            {
                var pending = step.InvokeAsync(request);
                var result = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
                if (result == StepResult.Stop)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            request.Flags |= ResponseFlags.DownstreamConnectionTermination; // the client went away
        }
        catch (Exception ex)
        {
            Log.Unhandled(_logger, ex, Listener.ToString(), context.Request.Method, context.Request.Path.Value ?? "");
            await LocalReplies.WriteAsync(context, StatusCodes.Status500InternalServerError, "internal proxy error").ConfigureAwait(false);
        }
        finally
        {
            End(context, request);
        }
    }

    private void End(HttpContext context, ProxyRequest request)
    {
        request.EndTimestamp = _time.GetTimestamp();
        if (context.RequestAborted.IsCancellationRequested)
        {
            request.Flags |= ResponseFlags.DownstreamConnectionTermination;
        }

        foreach (var recorder in _recorders)
        {
            try
            {
                recorder.Record(request);
            }
            catch (Exception ex)
            {
                Log.RecorderFailed(_logger, ex, recorder.GetType().Name);
            }
        }

        context.Features.Set<ProxyRequest>(null);
        request.Reset();
        _pool.Return(request);
    }
}
