using GatewayMesh.Core.Config.Annotations;
using GatewayMesh.Proxy.Resilience;
using Xunit;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>Hedging from the <c>gatewaymesh.io/hedging</c> annotation, on a fake clock.</summary>
public sealed class HedgingPipelineTests : IDisposable
{
    private readonly PipelineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Send_SlowGet_HedgedToAnotherEndpointAfterDelayFirstAnswerWins()
    {
        _harness.Upstream.Respond = (attempt, _, cancellation) =>
            attempt == 1 ? ScriptedUpstream.Hang(cancellation) : Task.FromResult(ScriptedUpstream.Status(200));
        var route = _harness.Route(ResiliencePolicy.None with { Hedging = new HedgingSettings(TimeSpan.FromMilliseconds(50), 2) });

        var send = _harness.SendAsync(route);
        await _harness.Upstream.AttemptStarted(1);
        Assert.Equal(TimeSpan.FromMilliseconds(50), await _harness.Time.NextTimerAsync());
        _harness.Time.Advance(TimeSpan.FromMilliseconds(50));

        using var response = await send.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("1", Assert.Single(response.Headers.GetValues(ResilienceHeaders.Hedges)));
        Assert.NotEqual(_harness.Upstream.Authorities[0], _harness.Upstream.Authorities[1]);
        Assert.True(_harness.Upstream.Tokens.First().IsCancellationRequested);
        Assert.Equal(1, _harness.Recorder.Sum("gatewaymesh.proxy.hedges"));
    }

    [Fact]
    public async Task Send_FastGet_NoHedge()
    {
        var route = _harness.Route(ResiliencePolicy.None with { Hedging = new HedgingSettings(TimeSpan.FromMilliseconds(50), 2) });

        using var response = await _harness.SendAsync(route);

        Assert.Equal(1, _harness.Upstream.Attempts);
        Assert.False(response.Headers.Contains(ResilienceHeaders.Hedges));
    }

    [Fact]
    public async Task Send_SlowPost_NeverHedged()
    {
        var answer = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _harness.Upstream.Respond = (_, _, _) => answer.Task;
        var route = _harness.Route(ResiliencePolicy.None with { Hedging = new HedgingSettings(TimeSpan.FromMilliseconds(50), 2) });

        var send = _harness.SendAsync(route, HttpMethod.Post);
        await _harness.Upstream.AttemptStarted(1);
        _harness.Time.Advance(await _harness.Time.NextTimerAsync());
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        answer.SetResult(ScriptedUpstream.Status(201));

        using var response = await send.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal(1, _harness.Upstream.Attempts);
        Assert.Equal(0, _harness.Recorder.Sum("gatewaymesh.proxy.hedges"));
    }

    [Theory]
    [InlineData("delay=50ms,max=2", 50, 2)]
    [InlineData(" delay = 1s ", 1000, 1)]
    public void TryParse_Valid_Settings(string text, int delayMs, int max)
    {
        Assert.True(HedgingAnnotation.TryParse(text, out var settings, out _));
        Assert.Equal(new HedgingSettings(TimeSpan.FromMilliseconds(delayMs), max), settings);
    }

    [Theory]
    [InlineData("max=2", "delay is required")]
    [InlineData("delay=50,max=2", "missing unit")]
    [InlineData("delay=50ms,max=0", "max must be a whole number from 1 to 10, got \"0\"")]
    [InlineData("delay=50ms,max=11", "max must be a whole number from 1 to 10")]
    [InlineData("delay=50ms,tries=2", "unknown setting \"tries\"")]
    [InlineData("delay=50ms,delay=1s", "\"delay\" is given twice")]
    public void TryParse_Invalid_ClearError(string text, string expected)
    {
        Assert.False(HedgingAnnotation.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
    }
}
