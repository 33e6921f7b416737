using System.Net;
using System.Text.Json.Nodes;
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
        await _ingress.ApplyAsync(IngressConfigs.Gateway());
        await _ingress.ApplyAsync(IngressConfigs.VirtualService("reviews", httpRules));
        var revision = await _ingress.ApplyAsync($"""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews
              trafficPolicy:
                outlierDetection:
                  consecutive5xxErrors: {Consecutive5xxErrors}
                  interval: 1s
                  baseEjectionTime: 10m
            """);
        await _ingress.WaitForRevisionAsync(revision);
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
        Assert.Equal(["reviews-failing"], await EjectedInAdminViewAsync());
        var endpoints = await _ingress.Admin.GetStringAsync("/debug/endpoints");
        Assert.Contains("EJECTED", endpoints, StringComparison.Ordinal);
    }

    /// <summary>The instances the admin's config dump marks <c>ejected</c> in the reviews cluster.</summary>
    private async Task<List<string>> EjectedInAdminViewAsync()
    {
        var dump = JsonNode.Parse(await _ingress.Admin.GetStringAsync("/debug/config"))!;
        var cluster = dump["clusters"]!.AsArray().Single(c => (string?)c!["name"] == "outbound|||reviews.default.svc.cluster.local")!;
        return [.. cluster["endpoints"]!.AsArray().Where(e => (bool)e!["ejected"]!).Select(e => (string)e!["instance"]!)];
    }
}
