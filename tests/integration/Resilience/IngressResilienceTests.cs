using System.Net;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using GatewayMesh.Proxy.Resilience;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>Retries, the route timeout and fault injection through a real ingress to real upstreams.</summary>
[Collection(RedisCollection.Name)]
public sealed class IngressResilienceTests(RedisServerFixture redis) : IngressUpstreamTests(redis)
{
    private ScriptedUpstreamApp? _upstream;

    private protected override Task SetUpAsync() => Ingress.ApplyAsync(IngressConfigs.Gateway());

    [Theory]
    [InlineData("retries: {attempts: 2, retryOn: 5xx}")]
    [InlineData("")] // Istio's default: 2 retries, 503 among the retriable status codes
    public async Task Get_UpstreamFailsEveryOtherRequest_RetriesMaskEveryFailure(string retries)
    {
        await StartUpstreamAsync((n, context) => Answer(context, n % 2 == 1 ? 503 : 200));
        await RouteAsync(retries);

        var errors = 0;
        var retried = 0;
        for (var i = 0; i < 200; i++)
        {
            using var response = await Ingress.SendAsync(HttpMethod.Get, "/books");
            errors += response.IsSuccessStatusCode ? 0 : 1;
            retried += response.Headers.Contains(ResilienceHeaders.Retries) ? 1 : 0;
        }

        Assert.Equal(0, errors);
        Assert.Equal(200, retried);
        Assert.Equal(400, _upstream!.Requests);
    }

    [Fact]
    public async Task Get_UpstreamFailsEveryOtherRequestRetriesOff_FailuresReachTheClient()
    {
        await StartUpstreamAsync((n, context) => Answer(context, n % 2 == 1 ? 503 : 200));
        await RouteAsync("retries: {attempts: 0}");

        var errors = 0;
        for (var i = 0; i < 20; i++)
        {
            using var response = await Ingress.SendAsync(HttpMethod.Get, "/books");
            errors += response.StatusCode == HttpStatusCode.ServiceUnavailable ? 1 : 0;
        }

        Assert.Equal(10, errors);
    }

    [Fact]
    public async Task Get_UpstreamHangs_504AfterRouteTimeoutAndUpstreamRequestCancelled()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await StartUpstreamAsync(async (_, context) =>
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
            }
        });
        await RouteAsync("timeout: 500ms\n  retries: {attempts: 0}");

        using var response = await Ingress.SendAsync(HttpMethod.Get, "/books");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream request timeout", (await response.Content.ReadAsStringAsync()).Trim());
        await cancelled.Task.WaitAsync(IngressHarness.Timeout);
    }

    [Fact]
    public async Task Get_AbortFault_ConfiguredStatusWithFaultFlagAndUpstreamUntouched()
    {
        await StartUpstreamAsync((_, context) => Answer(context, 200));
        await RouteAsync("fault: {abort: {httpStatus: 418, percentage: {value: 100}}}");

        using var response = await Ingress.SendAsync(HttpMethod.Get, "/books");

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal("abort", Assert.Single(response.Headers.GetValues(ResilienceHeaders.Fault)));
        Assert.Equal(0, _upstream!.Requests);
    }

    [Fact]
    public async Task Get_UpstreamInstanceRefusesConnections_RetriedOnTheHealthyOne()
    {
        await StartUpstreamAsync((_, context) => Answer(context, 200));
        await Ingress.RegisterAsync("productpage", "productpage-dead", FreePort());
        await RouteAsync("");

        for (var i = 0; i < 20; i++)
        {
            using var response = await Ingress.SendAsync(HttpMethod.Get, "/books");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task Answer(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsync(status == 200 ? "ok" : "unavailable");
    }

    private async Task StartUpstreamAsync(Func<int, HttpContext, Task> handler)
    {
        _upstream = await Behind(ScriptedUpstreamApp.StartAsync(handler));
        await Ingress.WaitForRevisionAsync(await Ingress.RegisterAsync("productpage", "productpage-1", _upstream.Port));
    }

    private async Task RouteAsync(string policies)
    {
        var rule = "- route: [{destination: {host: productpage}}]" + (policies.Length > 0 ? "\n  " + policies : "");
        await Ingress.WaitForRevisionAsync(await Ingress.ApplyAsync(IngressConfigs.VirtualService("site", rule)));
    }
}
