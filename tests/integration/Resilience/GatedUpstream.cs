using Microsoft.AspNetCore.Http;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>An upstream on 127.0.0.1:0 that holds every request until <see cref="Release"/>, then answers 200.</summary>
public sealed class GatedUpstream : IHoldingUpstream
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LoopbackApp _app = null!;

    private GatedUpstream()
    {
    }

    public int Port => _app.Port;

    /// <summary>Completes when the first request has arrived (and is being held).</summary>
    public TaskCompletionSource FirstArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static async Task<GatedUpstream> StartAsync()
    {
        var upstream = new GatedUpstream();
        upstream._app = await LoopbackApp.StartAsync(async context =>
        {
            upstream.FirstArrived.TrySetResult();
            await upstream._gate.Task.WaitAsync(context.RequestAborted);
            await context.Response.WriteAsync("released");
        });
        return upstream;
    }

    public void Release() => _gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.DisposeAsync();
    }
}
