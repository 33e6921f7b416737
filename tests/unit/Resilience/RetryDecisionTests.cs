using GatewayMesh.Proxy.Resilience;
using Polly;
using Polly.Timeout;
using Xunit;

namespace GatewayMesh.UnitTests.Resilience;

/// <summary>Each <c>retryOn</c> condition, and the safety rules for bodies and non-idempotent methods.</summary>
public sealed class RetryDecisionTests
{
    private static readonly RequestTraits Get = new(HasBody: false, IsIdempotent: true);
    private static readonly RequestTraits Post = new(HasBody: false, IsIdempotent: false);
    private static readonly RequestTraits PutWithBody = new(HasBody: true, IsIdempotent: true);

    [Theory]
    [InlineData("5xx", 500, true)]
    [InlineData("5xx", 503, true)]
    [InlineData("5xx", 404, false)]
    [InlineData("gateway-error", 502, true)]
    [InlineData("gateway-error", 503, true)]
    [InlineData("gateway-error", 504, true)]
    [InlineData("gateway-error", 500, false)]
    [InlineData("retriable-4xx", 409, true)]
    [InlineData("retriable-4xx", 404, false)]
    [InlineData("retriable-status-codes", 503, false)]
    [InlineData("retriable-status-codes,418", 418, true)]
    [InlineData("418", 418, true)]
    [InlineData("418", 503, false)]
    [InlineData("reset", 503, false)]
    [InlineData("connect-failure", 503, false)]
    public void ShouldRetry_Status_FollowsRetryOn(string retryOn, int status, bool expected)
    {
        Assert.Equal(expected, RetryDecision.ShouldRetry(Policy(retryOn), Outcome.FromResult(ScriptedUpstream.Status(status)), Get));
    }

    [Theory]
    [InlineData("unavailable", "14", true)]
    [InlineData("cancelled", "1", true)]
    [InlineData("deadline-exceeded", "4", true)]
    [InlineData("resource-exhausted", "8", true)]
    [InlineData("internal", "13", true)]
    [InlineData("cancelled", "14", false)]
    [InlineData("5xx", "14", false)]
    public void ShouldRetry_GrpcStatusInHeaders_FollowsRetryOn(string retryOn, string grpcStatus, bool expected)
    {
        var response = ScriptedUpstream.Status(200, ("grpc-status", grpcStatus));

        Assert.Equal(expected, RetryDecision.ShouldRetry(Policy(retryOn), Outcome.FromResult(response), Get));
    }

    [Theory]
    [InlineData("connect-failure", AttemptFailure.ConnectFailure, true)]
    [InlineData("connect-failure", AttemptFailure.Reset, false)]
    [InlineData("reset-before-request", AttemptFailure.ConnectFailure, true)]
    [InlineData("refused-stream", AttemptFailure.RefusedStream, true)]
    [InlineData("refused-stream", AttemptFailure.Reset, false)]
    [InlineData("reset", AttemptFailure.Reset, true)]
    [InlineData("reset", AttemptFailure.ConnectFailure, true)]
    [InlineData("reset", AttemptFailure.PerTryTimeout, true)]
    [InlineData("5xx", AttemptFailure.Reset, true)]
    [InlineData("5xx", AttemptFailure.RefusedStream, true)]
    [InlineData("5xx", AttemptFailure.PerTryTimeout, true)]
    [InlineData("gateway-error", AttemptFailure.ConnectFailure, true)]
    [InlineData("gateway-error", AttemptFailure.PerTryTimeout, true)]
    [InlineData("gateway-error", AttemptFailure.Reset, false)]
    [InlineData("retriable-4xx", AttemptFailure.ConnectFailure, false)]
    [InlineData("5xx", AttemptFailure.Other, false)]
    public void ShouldRetry_Failure_FollowsRetryOn(string retryOn, AttemptFailure failure, bool expected)
    {
        Assert.Equal(expected, RetryDecision.ShouldRetry(Policy(retryOn), failure, Get));
    }

    [Fact]
    public void Classify_Exceptions_MapToFailures()
    {
        Assert.Equal(AttemptFailure.ConnectFailure, AttemptFailures.Classify(ScriptedUpstream.ConnectFailure()));
        Assert.Equal(AttemptFailure.RefusedStream, AttemptFailures.Classify(ScriptedUpstream.RefusedStream()));
        Assert.Equal(AttemptFailure.Reset, AttemptFailures.Classify(ScriptedUpstream.Reset()));
        Assert.Equal(AttemptFailure.PerTryTimeout, AttemptFailures.Classify(new TimeoutRejectedException()));
        Assert.Equal(AttemptFailure.Other, AttemptFailures.Classify(new OperationCanceledException()));
    }

    [Theory]
    [InlineData(AttemptFailure.ConnectFailure, true)]
    [InlineData(AttemptFailure.RefusedStream, true)]
    [InlineData(AttemptFailure.Reset, false)]
    [InlineData(AttemptFailure.PerTryTimeout, false)]
    public void ShouldRetry_NonIdempotentMethod_OnlyWhenUpstreamNeverGotIt(AttemptFailure failure, bool expected)
    {
        Assert.Equal(expected, RetryDecision.ShouldRetry(Policy("5xx,connect-failure,refused-stream"), failure, Post));
    }

    [Fact]
    public void ShouldRetry_NonIdempotentMethod503_NotRetried()
    {
        Assert.False(RetryDecision.ShouldRetry(Policy("5xx"), Outcome.FromResult(ScriptedUpstream.Status(503)), Post));
    }

    [Theory]
    [InlineData(AttemptFailure.ConnectFailure, true)]
    [InlineData(AttemptFailure.RefusedStream, false)]
    [InlineData(AttemptFailure.Reset, false)]
    public void ShouldRetry_RequestWithBody_OnlyBeforeTheBodyWasRead(AttemptFailure failure, bool expected)
    {
        Assert.Equal(expected, RetryDecision.ShouldRetry(Policy("5xx"), failure, PutWithBody));
        Assert.False(RetryDecision.ShouldRetry(Policy("5xx"), Outcome.FromResult(ScriptedUpstream.Status(503)), PutWithBody));
    }

    private static RetryPolicy Policy(string retryOn) => RetryPolicy.From(new Core.Config.Model.HttpRetry { Attempts = 2, RetryOn = retryOn });
}
