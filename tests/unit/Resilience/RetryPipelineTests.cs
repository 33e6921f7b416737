using GatewayMesh.Proxy.Resilience;
using Xunit;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>Retries through the real pipeline and exchange: counts, endpoints, flags, safety rules and backoff.</summary>
public sealed class RetryPipelineTests : IDisposable
{
    private readonly PipelineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Send_503ThenOk_RetriedOnAnotherEndpointAndFlagged()
    {
        _harness.Upstream.Respond = (attempt, _, _) => Task.FromResult(ScriptedUpstream.Status(attempt == 1 ? 503 : 200));

        using var response = await _harness.SendAsync(_harness.Route(PipelineHarness.Retries("5xx")));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(2, _harness.Upstream.Attempts);
        Assert.NotEqual(_harness.Upstream.Authorities[0], _harness.Upstream.Authorities[1]);
        Assert.Equal("1", Assert.Single(response.Headers.GetValues(ResilienceHeaders.Retries)));
        Assert.Equal(1, _harness.Recorder.Sum("gatewaymesh.proxy.retries", "reason", "503"));
    }

    [Fact]
    public async Task Send_AlwaysFailing_RetriesThenReturnsLastAnswerAcrossAllEndpoints()
    {
        _harness.Upstream.Respond = (_, _, _) => Task.FromResult(ScriptedUpstream.Status(502));

        using var response = await _harness.SendAsync(_harness.Route(PipelineHarness.Retries("gateway-error", attempts: 2)));

        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal(3, _harness.Upstream.Attempts);
        Assert.Equal(3, _harness.Upstream.Authorities.Distinct().Count());
        Assert.Equal("2", Assert.Single(response.Headers.GetValues(ResilienceHeaders.Retries)));
    }

    [Fact]
    public async Task Send_NoRetriesBlock_IstioDefaultRetries503TwiceButNot500()
    {
        var route = _harness.Route(ResiliencePolicy.None with { Retry = RetryPolicy.From(null) });
        _harness.Upstream.Respond = (attempt, _, _) => Task.FromResult(ScriptedUpstream.Status(attempt <= 2 ? 503 : 200));

        using var recovered = await _harness.SendAsync(route);

        Assert.Equal(200, (int)recovered.StatusCode);
        Assert.Equal(3, _harness.Upstream.Attempts);

        _harness.Upstream.Respond = (_, _, _) => Task.FromResult(ScriptedUpstream.Status(500));
        using var failed = await _harness.SendAsync(route);

        Assert.Equal(500, (int)failed.StatusCode);
        Assert.Equal(4, _harness.Upstream.Attempts);
    }

    [Fact]
    public async Task Send_DefaultPolicyConnectFailure_Retried()
    {
        var route = _harness.Route(ResiliencePolicy.None with { Retry = RetryPolicy.From(null) });
        _harness.Upstream.Respond = (attempt, _, _) =>
            attempt == 1 ? Task.FromException<HttpResponseMessage>(ScriptedUpstream.ConnectFailure()) : Task.FromResult(ScriptedUpstream.Status(200));

        using var response = await _harness.SendAsync(route);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(1, _harness.Recorder.Sum("gatewaymesh.proxy.retries", "reason", "connect-failure"));
    }

    [Fact]
    public async Task Send_AttemptsZero_NoRetry()
    {
        _harness.Upstream.Respond = (_, _, _) => Task.FromResult(ScriptedUpstream.Status(503));

        using var response = await _harness.SendAsync(_harness.Route(PipelineHarness.Retries("5xx,connect-failure", attempts: 0)));

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal(1, _harness.Upstream.Attempts);
        Assert.False(response.Headers.Contains(ResilienceHeaders.Retries));
    }

    [Fact]
    public async Task Send_Post503_NotRetried()
    {
        _harness.Upstream.Respond = (_, _, _) => Task.FromResult(ScriptedUpstream.Status(503));

        using var response = await _harness.SendAsync(_harness.Route(PipelineHarness.Retries("5xx")), HttpMethod.Post);

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal(1, _harness.Upstream.Attempts);
    }

    [Fact]
    public async Task Send_PostConnectFailure_RetriedWithItsUnreadBody()
    {
        _harness.Upstream.Respond = (attempt, _, _) =>
            attempt == 1 ? Task.FromException<HttpResponseMessage>(ScriptedUpstream.ConnectFailure()) : Task.FromResult(ScriptedUpstream.Status(201));

        using var response = await _harness.SendAsync(_harness.Route(PipelineHarness.Retries("5xx")), HttpMethod.Post, new StringContent("{}"));

        Assert.Equal(201, (int)response.StatusCode);
        Assert.Equal(2, _harness.Upstream.Attempts);
    }

    [Fact]
    public async Task Send_PostReset_NotRetriedAndFails()
    {
        _harness.Upstream.Respond = (_, _, _) => Task.FromException<HttpResponseMessage>(ScriptedUpstream.Reset());

        await Assert.ThrowsAsync<HttpRequestException>(() => _harness.SendAsync(_harness.Route(PipelineHarness.Retries("5xx,reset")), HttpMethod.Post));

        Assert.Equal(1, _harness.Upstream.Attempts);
    }

    [Fact]
    public async Task Send_ObserverRefusesRetry_NoRetry()
    {
        var observer = new RecordingObserver { AdmitRetries = false };
        using var harness = new PipelineHarness(observer: observer);
        harness.Upstream.Respond = (_, _, _) => Task.FromResult(ScriptedUpstream.Status(503));

        using var response = await harness.SendAsync(harness.Route(PipelineHarness.Retries("5xx")));

        Assert.Equal(1, harness.Upstream.Attempts);
        Assert.Equal(1, observer.RetriesAsked);
        Assert.Equal([503], observer.Statuses);
    }

    [Fact]
    public async Task Send_ObserverAdmitsRetries_EachRetryEnded()
    {
        var observer = new RecordingObserver();
        using var harness = new PipelineHarness(observer: observer);
        harness.Upstream.Respond = (attempt, _, _) => Task.FromResult(ScriptedUpstream.Status(attempt < 3 ? 503 : 200));

        using var response = await harness.SendAsync(harness.Route(PipelineHarness.Retries("5xx")));

        Assert.Equal(2, observer.RetriesAsked);
        Assert.Equal(2, observer.RetriesEnded);
        Assert.Equal([503, 503, 200], observer.Statuses);
    }

    [Fact]
    public async Task Send_Backoff_NextAttemptWaitsAndNeverMoreThanTheCap()
    {
        using var harness = new PipelineHarness(new ResilienceOptions { Randomizer = new Random(3).NextDouble });
        harness.Upstream.Respond = (attempt, _, _) => Task.FromResult(ScriptedUpstream.Status(attempt <= 5 ? 503 : 200));

        var send = harness.SendAsync(harness.Route(PipelineHarness.Retries("5xx", attempts: 5)));

        Assert.Equal(1, harness.Upstream.Attempts);
        var delays = new List<TimeSpan>();
        for (var attempt = 2; attempt <= 6; attempt++)
        {
            var delay = await harness.Time.NextTimerAsync();
            delays.Add(delay);
            Assert.False(harness.Upstream.HasStarted(attempt));
            harness.Time.Advance(delay);
            await harness.Upstream.AttemptStarted(attempt);
        }

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(250)));
        Assert.True(delays.Distinct().Count() > 1, "jittered exponential backoff varies");
        using var response = await send.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (int)response.StatusCode);
    }
}
