using GatewayMesh.Proxy.Resilience;
using Polly;
using Xunit;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>
/// The no-fault path (issue 16): with retries only, the first attempt is sent before the Polly pipeline, which is
/// entered only when that outcome is to be retried. Proven with a pipeline that fails the test whenever it runs.
/// </summary>
public sealed class FirstAttemptTests : IDisposable
{
    private readonly PipelineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task Send_RetryOnlyPolicyAnswered200_PipelineNeverEntered()
    {
        var route = RouteWithTrap(PipelineHarness.Retries("5xx"));
        _harness.Upstream.Respond = (_, _, _) => Task.FromResult(ScriptedUpstream.Status(200));

        using var response = await _harness.SendAsync(route);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(1, _harness.Upstream.Attempts);
        Assert.False(response.Headers.Contains(ResilienceHeaders.Retries));
    }

    [Fact]
    public async Task Send_RetryOnlyPolicyAnsweredNonRetriable500_PipelineNeverEntered()
    {
        var route = RouteWithTrap(PipelineHarness.Retries("gateway-error"));
        _harness.Upstream.Respond = (_, _, _) => Task.FromResult(ScriptedUpstream.Status(500));

        using var response = await _harness.SendAsync(route);

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Equal(1, _harness.Upstream.Attempts);
    }

    [Fact]
    public async Task Send_RetryOnlyPolicyAnswered503_PipelineEnteredWithThatOutcome()
    {
        var route = RouteWithTrap(PipelineHarness.Retries("5xx"));
        _harness.Upstream.Respond = (_, _, _) => Task.FromResult(ScriptedUpstream.Status(503));

        var entered = await Assert.ThrowsAsync<PipelineEnteredException>(() => _harness.SendAsync(route));

        Assert.Equal(1, _harness.Upstream.Attempts); // the first attempt was sent outside, once
        Assert.Equal(503, entered.FirstStatus);
    }

    [Fact]
    public async Task Send_PolicyWithRouteTimeout_EveryAttemptInsideThePipeline()
    {
        var route = RouteWithTrap(PipelineHarness.Retries("5xx", timeout: TimeSpan.FromSeconds(5)));
        _harness.Upstream.Respond = (_, _, _) => Task.FromResult(ScriptedUpstream.Status(200));

        var entered = await Assert.ThrowsAsync<PipelineEnteredException>(() => _harness.SendAsync(route));

        Assert.Equal(1, _harness.Upstream.Attempts); // sent from inside the pipeline
        Assert.Equal(200, entered.FirstStatus);
    }

    /// <summary>A route destination whose pipeline throws once it has run its callback once, reporting what that callback gave.</summary>
    private static RouteResilience RouteWithTrap(ResiliencePolicy policy)
    {
        var trap = new ResiliencePipelineBuilder<HttpResponseMessage>().AddStrategy(_ => new TrapStrategy(), new TrapOptions()).Build();
        return new RouteResilience("default/reviews/0", PipelineHarness.ClusterKey, policy, trap, new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig());
    }

    private sealed class TrapOptions : ResilienceStrategyOptions;

    /// <summary>Runs the callback once (the first attempt's replay, if any) and then fails, so a test sees whether and with what it was entered.</summary>
    private sealed class TrapStrategy : ResilienceStrategy<HttpResponseMessage>
    {
        protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
        {
            var replayed = await callback(context, state);
            throw new PipelineEnteredException(replayed.Result is { } response ? (int)response.StatusCode : null);
        }
    }

    private sealed class PipelineEnteredException(int? firstStatus) : Exception("the pipeline was entered")
    {
        public int? FirstStatus { get; } = firstStatus;
    }
}
