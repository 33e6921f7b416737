using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>
/// Outlier detection of a killed instance through a real ingress: one of two instances stops listening (its port
/// refuses connections) while its registration stays; it is ejected after a bounded number of failed attempts and then
/// every request succeeds on the live instance.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class KilledInstanceIngressTests(RedisServerFixture redis) : IAsyncLifetime
{
    private const int ConsecutiveGatewayErrors = 3;
    private const string ClusterName = "outbound|||reviews.default.svc.cluster.local";

    private IngressHarness _ingress = null!;
    private ScriptedUpstreamApp? _doomed;

    public async Task InitializeAsync() => _ingress = await IngressHarness.StartAsync(redis);

    public async Task DisposeAsync()
    {
        await _ingress.DisposeAsync();
        if (_doomed is not null)
        {
            await _doomed.DisposeAsync();
        }
    }

    [Fact]
    public async Task KilledInstance_RetriesOff_ClientSeesExactlyTheThresholdThenEveryRequestSucceeds()
    {
        await SetUpAndKillAsync("- route: [{destination: {host: reviews}}]\n  retries: {attempts: 0}");

        var errors = await SendUntilEjectedAsync();

        Assert.Equal(ConsecutiveGatewayErrors, errors);
        await AssertEjectedAndAllSucceedAsync();
    }

    [Fact]
    public async Task KilledInstance_IstioDefaultRetries_ConnectFailuresAreMaskedThenInstanceIsEjected()
    {
        await SetUpAndKillAsync("- route: [{destination: {host: reviews}}]");

        var errors = await SendUntilEjectedAsync();

        Assert.Equal(0, errors); // connect-failure is in the default retryOn; the retry goes to the live instance
        await AssertEjectedAndAllSucceedAsync();
    }

    private async Task SetUpAndKillAsync(string httpRules)
    {
        _doomed = await ScriptedUpstreamApp.StartAsync((_, context) =>
        {
            context.Response.Headers["x-upstream"] = "reviews-doomed";
            return context.Response.WriteAsync("doomed but alive");
        });
        await _ingress.AddUpstreamAsync("reviews", "reviews-live");
        await _ingress.RegisterAsync("reviews", "reviews-doomed", _doomed.Port);
        await _ingress.RouteAsync("reviews", httpRules, $"""
            outlierDetection:
              consecutiveGatewayErrors: {ConsecutiveGatewayErrors}
              consecutive5xxErrors: {ConsecutiveGatewayErrors + 2}
              interval: 1s
              baseEjectionTime: 5m
            """);

        // Both instances serve before the kill, so the ingress holds pooled connections to the doomed one.
        var seen = new HashSet<string>();
        for (var i = 0; i < 200 && seen.Count < 2; i++)
        {
            using var response = await _ingress.SendAsync(HttpMethod.Get, "/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            seen.Add(response.Headers.GetValues("x-upstream").Single());
        }

        Assert.Equal(["reviews-doomed", "reviews-live"], seen.Order());
        await _doomed.DisposeAsync(); // the port now refuses connections; the registration (1 h lease) stays
        _doomed = null;
    }

    /// <summary>Sends requests one by one until the doomed instance is ejected; returns the client-visible errors.</summary>
    private async Task<int> SendUntilEjectedAsync()
    {
        var errors = 0;
        for (var i = 0; i < 200 && !IsDoomedEjected(); i++)
        {
            using var response = await _ingress.SendAsync(HttpMethod.Get, "/");
            errors += response.IsSuccessStatusCode ? 0 : 1;
        }

        Assert.True(IsDoomedEjected(), "the killed instance was not ejected within 200 requests");
        return errors;
    }

    private bool IsDoomedEjected() =>
        _ingress.State.Clusters.Resilience.Outliers.Snapshot().Any(s => s.Ejected && s.Endpoint.InstanceId == "reviews-doomed");

    private async Task AssertEjectedAndAllSucceedAsync()
    {
        for (var i = 0; i < 50; i++)
        {
            using var response = await _ingress.SendAsync(HttpMethod.Get, "/");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("reviews-live", response.Headers.GetValues("x-upstream").Single());
        }

        Assert.Equal(["reviews-doomed"], await _ingress.EjectedInAdminViewAsync(ClusterName));
        var endpoints = await _ingress.Admin.GetStringAsync("/debug/endpoints");
        Assert.Contains("EJECTED", endpoints, StringComparison.Ordinal);
    }
}
