using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Resilience;
using Xunit;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>Fault injection with Polly's chaos strategies: flags, shares of traffic, and independence from retries and timeout.</summary>
public sealed class FaultInjectionTests : IDisposable
{
    private readonly PipelineHarness _harness = new(new ResilienceOptions { BackoffBase = TimeSpan.Zero, Randomizer = new Random(42).NextDouble });

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Send_Abort100Percent_ConfiguredStatusFlaggedUpstreamNeverCalledNotRetried()
    {
        var route = _harness.Route(PipelineHarness.Retries("5xx") with { Fault = Fault(abort: (503, 100)) });

        using var response = await _harness.SendAsync(route);

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Equal("abort", Assert.Single(response.Headers.GetValues(ResilienceHeaders.Fault)));
        Assert.False(response.Headers.Contains(ResilienceHeaders.Retries));
        Assert.Equal(0, _harness.Upstream.Attempts);
        Assert.Equal(1, _harness.Recorder.Sum("gatewaymesh.proxy.faults", "kind", "abort"));
    }

    [Fact]
    public async Task Send_GrpcAbort_TrailersOnlyAnswerWithGrpcStatus()
    {
        var policy = ResiliencePolicy.None with
        {
            Fault = FaultPolicy.From(new HttpFaultInjection { Abort = new FaultAbort { GrpcStatus = "UNAVAILABLE", Percentage = new Percent { Value = 100 } } }),
        };

        using var response = await _harness.SendAsync(_harness.Route(policy));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("14", Assert.Single(response.Headers.GetValues("grpc-status")));
        Assert.Equal("application/grpc", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Send_Delay100PercentLongerThanRouteTimeout_DelayedThenForwardedWithoutTimingOut()
    {
        var route = _harness.Route(ResiliencePolicy.None with { Timeout = TimeSpan.FromSeconds(3), Fault = Fault(delay: (TimeSpan.FromSeconds(7), 100)) });

        var send = _harness.SendAsync(route);
        Assert.Equal(TimeSpan.FromSeconds(7), await _harness.Time.NextTimerAsync());
        Assert.Equal(0, _harness.Upstream.Attempts);
        _harness.Time.Advance(TimeSpan.FromSeconds(7));

        using var response = await send.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("delay", Assert.Single(response.Headers.GetValues(ResilienceHeaders.Fault)));
        Assert.Equal(1, _harness.Upstream.Attempts);
        Assert.Equal(0, _harness.Recorder.Sum("gatewaymesh.proxy.timeouts"));
    }

    [Fact]
    public async Task Send_Abort30Percent_AbortsAboutThatShareWithSeededRandom()
    {
        var route = _harness.Route(ResiliencePolicy.None with { Fault = Fault(abort: (500, 30)) });

        var aborted = 0;
        for (var i = 0; i < 2000; i++)
        {
            using var response = await _harness.SendAsync(route);
            aborted += response.Headers.Contains(ResilienceHeaders.Fault) ? 1 : 0;
            Assert.Equal(response.Headers.Contains(ResilienceHeaders.Fault) ? 500 : 200, (int)response.StatusCode);
        }

        Assert.InRange(aborted, 540, 660); // 600 expected; 3 standard deviations is about 61
        Assert.Equal(2000 - aborted, _harness.Upstream.Attempts);
    }

    [Fact]
    public async Task Send_Delay25Percent_DelaysAboutThatShareWithSeededRandom()
    {
        var route = _harness.Route(ResiliencePolicy.None with { Fault = Fault(delay: (TimeSpan.FromMilliseconds(100), 25)) });

        var delayed = 0;
        for (var i = 0; i < 1000; i++)
        {
            var send = _harness.SendAsync(route);
            if (!send.IsCompleted)
            {
                _harness.Time.Advance(await _harness.Time.NextTimerAsync());
            }

            using var response = await send.WaitAsync(TimeSpan.FromSeconds(10));
            delayed += response.Headers.Contains(ResilienceHeaders.Fault) ? 1 : 0;
        }

        Assert.InRange(delayed, 210, 290); // 250 expected; 3 standard deviations is about 41
        Assert.Equal(delayed, (int)_harness.Recorder.Sum("gatewaymesh.proxy.faults", "kind", "delay"));
    }

    [Fact]
    public void From_ZeroPercentOrNoFault_NoFaultPolicy()
    {
        Assert.Null(FaultPolicy.From(null));
        Assert.Null(FaultPolicy.From(new HttpFaultInjection { Abort = new FaultAbort { HttpStatus = 500, Percentage = new Percent { Value = 0 } } }));
    }

    private static FaultPolicy Fault((TimeSpan Delay, double Percent)? delay = null, (int Status, double Percent)? abort = null) =>
        FaultPolicy.From(new HttpFaultInjection
        {
            Delay = delay is { } d ? new FaultDelay { FixedDelay = MeshDuration.FromTimeSpan(d.Delay), Percentage = new Percent { Value = d.Percent } } : null,
            Abort = abort is { } a ? new FaultAbort { HttpStatus = a.Status, Percentage = new Percent { Value = a.Percent } } : null,
        })!;
}
