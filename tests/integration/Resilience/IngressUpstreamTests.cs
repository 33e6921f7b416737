using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Ingress;
using Xunit;

namespace GatewayMesh.IntegrationTests.Resilience;

/// <summary>An upstream that may hold requests until released.</summary>
public interface IHoldingUpstream : IAsyncDisposable
{
    void Release();
}

/// <summary>
/// The lifecycle these ingress resilience tests share: a real ingress on the collection's Redis, then what a class sets
/// up behind it (<see cref="SetUpAsync"/>), and the upstreams it starts through <see cref="Behind"/>, there or in a test.
/// At the end every holding upstream is released first (the ingress never drains against a held request), then the
/// ingress stops, then the upstreams.
/// </summary>
public abstract class IngressUpstreamTests(RedisServerFixture redis) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _upstreams = [];

    private protected IngressHarness Ingress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Ingress = await IngressHarness.StartAsync(redis);
        await SetUpAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var upstream in _upstreams.OfType<IHoldingUpstream>())
        {
            upstream.Release();
        }

        await Ingress.DisposeAsync();
        foreach (var upstream in _upstreams)
        {
            await upstream.DisposeAsync();
        }
    }

    /// <summary>Starts this class's upstreams (each through <see cref="Behind"/>) and applies its config; nothing by default.</summary>
    private protected virtual Task SetUpAsync() => Task.CompletedTask;

    /// <summary>Stops <paramref name="upstream"/> with the ingress.</summary>
    private protected async Task<T> Behind<T>(Task<T> upstream) where T : IAsyncDisposable
    {
        var started = await upstream;
        _upstreams.Add(started);
        return started;
    }
}
