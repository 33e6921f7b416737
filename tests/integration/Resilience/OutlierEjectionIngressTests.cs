using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using Xunit;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>Outlier detection through a real ingress: an instance that always answers 503 is ejected and traffic goes to the healthy one.</summary>
[Collection(RedisCollection.Name)]
public sealed class OutlierEjectionIngressTests(RedisServerFixture redis) : IngressUpstreamTests(redis)
{
    private const int Consecutive5xxErrors = 3;

    private FailingUpstream _failing = null!;

    private protected override async Task SetUpAsync() => _failing = await Behind(FailingUpstream.StartAsync());

    [Fact]
    public async Task Consecutive5xx_RetriesOff_ClientSeesTheRunThenEveryRequestSucceeds()
    {
        await SetUpAsync("- route: [{destination: {host: reviews}}]\n  retries: {attempts: 0}");

        var failures = await SendUntilFailingInstanceHasAnsweredAsync();

        Assert.Equal(Consecutive5xxErrors, failures);
        await AssertEjectedAndAllSucceedAsync();
    }

    [Fact]
    public async Task Consecutive5xx_IstioDefaultRetries_MaskTheRunThenInstanceIsEjected()
    {
        await SetUpAsync("- route: [{destination: {host: reviews}}]");

        var failures = await SendUntilFailingInstanceHasAnsweredAsync();

        Assert.Equal(0, failures); // each 503 is retried on the healthy instance
        await AssertEjectedAndAllSucceedAsync();
    }

    private async Task SetUpAsync(string httpRules)
    {
        await Ingress.AddUpstreamAsync("reviews", "reviews-healthy");
        await Ingress.RegisterAsync("reviews", "reviews-failing", _failing.Port);
        await Ingress.RouteAsync("reviews", httpRules, $"""
            outlierDetection:
              consecutive5xxErrors: {Consecutive5xxErrors}
              interval: 1s
              baseEjectionTime: 10m
            """);
    }

    /// <summary>Sends requests until the failing instance has answered consecutive5xxErrors times; returns the client-visible 503s.</summary>
    private async Task<int> SendUntilFailingInstanceHasAnsweredAsync()
    {
        var failures = 0;
        for (var i = 0; i < 40 && _failing.Requests < Consecutive5xxErrors; i++)
        {
            using var response = await Ingress.SendAsync(HttpMethod.Get, "/");
            failures += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
        }

        return failures;
    }

    private async Task AssertEjectedAndAllSucceedAsync()
    {
        for (var i = 0; i < 50; i++)
        {
            using var response = await Ingress.SendAsync(HttpMethod.Get, "/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("reviews-healthy", response.Headers.GetValues("x-upstream").Single());
        }

        Assert.Equal(Consecutive5xxErrors, _failing.Requests);
        var ejected = Assert.Single(Ingress.State.Clusters.Resilience.Outliers.Snapshot(), s => s.Ejected);
        Assert.Equal("reviews-failing", ejected.Endpoint.InstanceId);
        Assert.Equal(["reviews-failing"], await Ingress.EjectedInAdminViewAsync());
        var endpoints = await Ingress.Admin.GetStringAsync("/debug/endpoints");
        Assert.Contains("EJECTED", endpoints, StringComparison.Ordinal);
    }
}
