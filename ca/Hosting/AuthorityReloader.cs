using GatewayMesh.Ca.Authority;
using GatewayMesh.Ca.Settings;

namespace GatewayMesh.Ca.Hosting;

/// <summary>Re-reads the CA's root files every <c>--reload-interval</c> on the injected clock, so a rotation step applies without a restart.</summary>
internal sealed class AuthorityReloader(AuthorityState state, CaSettings settings, TimeProvider time) : IHostedService, IDisposable
{
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = time.CreateTimer(_ => state.Reload(), null, settings.ReloadInterval, settings.ReloadInterval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();
}
