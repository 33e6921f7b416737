using GatewayMesh.Proxy.Resilience;
using Polly.Timeout;
using Xunit;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>The route timeout and the per-try timeout, on a fake clock.</summary>
public sealed class TimeoutPipelineTests : IDisposable
{
    private readonly PipelineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Send_UpstreamHangsPastRouteTimeout_TimesOutAndCancelsUpstream()
    {
        _harness.Upstream.Respond = (_, _, cancellation) => ScriptedUpstream.Hang(cancellation);
        var route = _harness.Route(ResiliencePolicy.None with { Timeout = TimeSpan.FromSeconds(3) });

        var send = _harness.SendAsync(route);
        await _harness.Upstream.AttemptStarted(1);
        _harness.Time.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.False(send.IsCompleted);
        _harness.Time.Advance(TimeSpan.FromMilliseconds(1));

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => send.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(Assert.Single(_harness.Upstream.Tokens).IsCancellationRequested);
        Assert.Equal(1, _harness.Recorder.Sum("gatewaymesh.proxy.timeouts", "kind", "route"));
    }

    [Fact]
    public async Task Send_UpstreamAnswersInTime_NoTimeout()
    {
        var answer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _harness.Upstream.Respond = (_, _, _) => answer.Task;
        var route = _harness.Route(ResiliencePolicy.None with { Timeout = TimeSpan.FromSeconds(3) });

        var send = _harness.SendAsync(route);
        await _harness.Upstream.AttemptStarted(1);
        _harness.Time.Advance(TimeSpan.FromSeconds(2));
        answer.SetResult(ScriptedUpstream.Status(200));

        using var response = await send.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(0, _harness.Recorder.Sum("gatewaymesh.proxy.timeouts"));
    }

    [Fact]
    public async Task Send_FirstAttemptPassesPerTryTimeout_RetriedElsewhere()
    {
        _harness.Upstream.Respond = (attempt, _, cancellation) =>
            attempt == 1 ? ScriptedUpstream.Hang(cancellation) : Task.FromResult(ScriptedUpstream.Status(200));
        var route = _harness.Route(PipelineHarness.Retries("gateway-error", attempts: 2, perTry: TimeSpan.FromSeconds(1)));

        var send = _harness.SendAsync(route);
        await _harness.Upstream.AttemptStarted(1);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));

        using var response = await send.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.NotEqual(_harness.Upstream.Authorities[0], _harness.Upstream.Authorities[1]);
        Assert.Equal("1", Assert.Single(response.Headers.GetValues(ResilienceHeaders.Retries)));
        Assert.Equal(1, _harness.Recorder.Sum("gatewaymesh.proxy.timeouts", "kind", "per_try"));
        Assert.Equal(1, _harness.Recorder.Sum("gatewaymesh.proxy.retries", "reason", "per-try-timeout"));
    }

    [Fact]
    public async Task Send_PerTryTimeoutNotInRetryOn_FailsWithTimeout()
    {
        _harness.Upstream.Respond = (_, _, cancellation) => ScriptedUpstream.Hang(cancellation);
        var route = _harness.Route(PipelineHarness.Retries("connect-failure", attempts: 2, perTry: TimeSpan.FromSeconds(1)));

        var send = _harness.SendAsync(route);
        await _harness.Upstream.AttemptStarted(1);
        _harness.Time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => send.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, _harness.Upstream.Attempts);
    }
}
