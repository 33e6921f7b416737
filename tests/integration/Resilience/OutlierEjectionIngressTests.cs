using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using Xunit;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>Outlier detection through a real ingress: an instance that always answers 503 is ejected and traffic goes to the healthy one.</summary>
[Collection(RedisCollection.Name)]
public sealed class OutlierEjectionIngressTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const int Consecutive5xxErrors = 3;

    private IngressHarness _ingress = null!;
    private FailingUpstream _failing = null!;

    public async Task InitializeAsync()
    {
        _ingress = await IngressHarness.StartAsync(redis);
        _failing = await FailingUpstream.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _ingress.DisposeAsync();
        await _failing.DisposeAsync();
    }

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
        await _ingress.AddUpstreamAsync("reviews", "reviews-healthy");
        await _ingress.RegisterAsync("reviews", "reviews-failing", _failing.Port);
        await _ingress.RouteAsync("reviews", httpRules, $"""
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
            using var response = await _ingress.SendAsync(HttpMethod.Get, "/");
            failures += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
        }

        return failures;
    }

    private async Task AssertEjectedAndAllSucceedAsync()
    {
        for (var i = 0; i < 50; i++)
        {
            using var response = await _ingress.SendAsync(HttpMethod.Get, "/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("reviews-healthy", response.Headers.GetValues("x-upstream").Single());
        }

        Assert.Equal(Consecutive5xxErrors, _failing.Requests);
        var ejected = Assert.Single(_ingress.State.Clusters.Resilience.Outliers.Snapshot(), s => s.Ejected);
        Assert.Equal("reviews-failing", ejected.Endpoint.InstanceId);
        Assert.Equal(["reviews-failing"], await _ingress.EjectedInAdminViewAsync());
        var endpoints = await _ingress.Admin.GetStringAsync("/debug/endpoints");
        Assert.Contains("EJECTED", endpoints, StringComparison.Ordinal);
    }
}
