using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.Registry.Lists;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Policy;

/// <summary>
/// The registry fetches listchecker providerUrls (a real HTTP server on loopback) and publishes each list through the
/// store: refreshed on its interval, size-limited, the last good list kept on failure until its ttl.
/// </summary>
public sealed class ListProviderRefresherTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero));
    private WebApplication _lists = null!;
    private RegistryTestHost _registry = null!;
    private string _body = "v1\nv2\n";
    private int _status = 200;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _lists = builder.Build();
        _lists.MapGet("/versions", () => Results.Text(_body, statusCode: _status));
        await _lists.StartAsync();
        _registry = await RegistryTestHost.StartAsync(_time);
    }

    public async Task DisposeAsync()
    {
        await _registry.DisposeAsync();
        await _lists.DisposeAsync();
    }

    private string ListUrl => $"{_lists.Urls.First()}/versions";

    private ListProviderRefresher Refresher => _registry.Services.GetServices<IHostedService>().OfType<ListProviderRefresher>().Single();

    private async Task ApplyHandlerAsync(string extra = "overrides: [v0]")
    {
        var yaml = $$"""
            apiVersion: config.istio.io/v1alpha2
            kind: listchecker
            metadata: {name: whitelist}
            spec: {providerUrl: "{{ListUrl}}", refreshInterval: 10s, ttl: 30s, {{extra}}}
            """;
        using var response = await _registry.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(yaml));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonNode?> FetchedListAsync()
    {
        using var response = await _registry.Client.GetAsync("/api/v1/configs/FetchedList/default/whitelist.listchecker");
        return response.StatusCode == HttpStatusCode.NotFound ? null : (await RegistryTestHost.ReadJsonAsync(response))["spec"];
    }

    [Fact]
    public async Task Refresh_ProviderUrl_PublishesTheListThroughTheStore()
    {
        await ApplyHandlerAsync();

        await Refresher.RefreshOnceAsync(CancellationToken.None);
        var spec = await FetchedListAsync();

        Assert.NotNull(spec);
        Assert.True((bool)spec["available"]!);
        Assert.Equal(["v1", "v2"], spec["entries"]!.AsArray().Select(e => (string)e!));
        Assert.Equal(ListUrl, (string?)spec["providerUrl"]);
    }

    [Fact]
    public async Task Refresh_AfterTheInterval_PicksUpTheNewList()
    {
        await ApplyHandlerAsync();
        await Refresher.RefreshOnceAsync(CancellationToken.None);

        _body = "v1\nv2\nv3\n";
        await Refresher.RefreshOnceAsync(CancellationToken.None);
        var before = await FetchedListAsync();
        _time.Advance(TimeSpan.FromSeconds(10));
        await Refresher.RefreshOnceAsync(CancellationToken.None);
        var after = await FetchedListAsync();

        Assert.Equal(2, before!["entries"]!.AsArray().Count);
        Assert.Equal(["v1", "v2", "v3"], after!["entries"]!.AsArray().Select(e => (string)e!));
    }

    [Fact]
    public async Task Refresh_FailingProvider_KeepsTheLastGoodListUntilTheTtl()
    {
        await ApplyHandlerAsync();
        await Refresher.RefreshOnceAsync(CancellationToken.None);

        _status = 500;
        _time.Advance(TimeSpan.FromSeconds(10));
        await Refresher.RefreshOnceAsync(CancellationToken.None);
        var kept = await FetchedListAsync();
        _time.Advance(TimeSpan.FromSeconds(20));
        await Refresher.RefreshOnceAsync(CancellationToken.None);
        var purged = await FetchedListAsync();

        Assert.True((bool)kept!["available"]!);
        Assert.Equal(2, kept["entries"]!.AsArray().Count);
        Assert.False((bool)purged!["available"]!);
        Assert.Contains("answered 500", (string)purged["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_OversizedOrInvalidList_IsNotPublished()
    {
        _body = new string('x', 2 * 1024 * 1024);
        await ApplyHandlerAsync("overrides: [10.1.1.1], entryType: IP_ADDRESSES");

        await Refresher.RefreshOnceAsync(CancellationToken.None);
        var oversized = await FetchedListAsync();
        _body = "10.0.0.0/8\nnot-an-ip\n";
        _time.Advance(TimeSpan.FromSeconds(10));
        await Refresher.RefreshOnceAsync(CancellationToken.None);
        var invalid = await FetchedListAsync();

        Assert.False((bool)oversized!["available"]!);
        Assert.Contains("the limit", (string)oversized["error"]!, StringComparison.Ordinal);
        Assert.False((bool)invalid!["available"]!);
        Assert.Contains("not-an-ip", (string)invalid["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_HandlerDeleted_RemovesItsList()
    {
        await ApplyHandlerAsync();
        await Refresher.RefreshOnceAsync(CancellationToken.None);

        using var deleted = await _registry.Client.DeleteAsync("/api/v1/configs/listchecker/default/whitelist");
        await Refresher.RefreshOnceAsync(CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Null(await FetchedListAsync());
    }

    [Fact]
    public async Task Apply_FetchedListByAUser_IsRefused()
    {
        using var response = await _registry.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml("""
            apiVersion: policy.gatewaymesh.io/v1alpha1
            kind: FetchedList
            metadata: {name: whitelist.listchecker}
            spec: {entries: [anything]}
            """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("written by the registry", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
