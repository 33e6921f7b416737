using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.Proxy.Resilience;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>
/// Issue 15: a DestinationRule <c>retryBudget</c> through a real ingress to a real upstream that always answers 503.
/// Sequential requests are never more than one in flight, so a budget of 50 % of the requests in flight
/// (minRetryConcurrency 0) allows no retry at all; with <c>budgetInterval</c> the requests started within the interval
/// count, and from the second request on each one earns its retries.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RetryBudgetIngressTests(RedisServerFixture redis) : IngressUpstreamTests(redis)
{
    private const int Requests = 5;
    private ScriptedUpstreamApp _upstream = null!;

    private protected override async Task SetUpAsync()
    {
        _upstream = await Behind(ScriptedUpstreamApp.StartAsync((_, context) =>
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return context.Response.WriteAsync("unavailable");
        }));
        await Ingress.RegisterAsync("reviews", "reviews-1", _upstream.Port);
    }

    [Fact]
    public async Task RetryBudget_WithoutInterval_SequentialRequestsGetNoRetry()
    {
        var retried = await SendAsync("retryBudget: {percent: 50, minRetryConcurrency: 0}");

        Assert.Equal(Enumerable.Repeat(false, Requests), retried);
        Assert.Equal(Requests, _upstream.Requests);
    }

    [Fact]
    public async Task RetryBudget_WithBudgetInterval_RequestsWithinItEarnRetries()
    {
        var retried = await SendAsync("retryBudget: {percent: 50, minRetryConcurrency: 0, budgetInterval: 1h}");

        // The first request: 1 started, 50 % of 1 is no retry. Every later one: at least 2 started, so one retry in flight.
        Assert.Equal([false, .. Enumerable.Repeat(true, Requests - 1)], retried);
        Assert.True(_upstream.Requests >= (2 * Requests) - 1, $"{_upstream.Requests} upstream requests");
    }

    /// <summary>Sends the requests one after another; says for each whether the ingress retried it.</summary>
    private async Task<List<bool>> SendAsync(string trafficPolicy)
    {
        await Ingress.RouteAsync("reviews", "- route: [{destination: {host: reviews}}]\n  retries: {attempts: 2, retryOn: 5xx}", trafficPolicy);
        var retried = new List<bool>();
        for (var i = 0; i < Requests; i++)
        {
            using var response = await Ingress.SendAsync(HttpMethod.Get, "/reviews");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            retried.Add(response.Headers.Contains(ResilienceHeaders.Retries));
        }

        return retried;
    }
}
