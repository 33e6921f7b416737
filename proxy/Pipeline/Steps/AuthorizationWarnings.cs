using GatewayMesh.Proxy.Security.Authorization;
using GatewayMesh.Proxy.Security.Enforcement;
using GatewayMesh.Proxy.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Proxy.Pipeline.Steps;

/// <summary>Logs the compiler's warnings (CUSTOM enforced as DENY, unusable targetRefs) once per newly compiled engine.</summary>
internal sealed class AuthorizationWarnings(ProxyState state, ILogger<AuthorizationWarnings> logger) : IHostedService
{
    private readonly Lock _lock = new();
    private AuthorizationEngine? _logged;
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = ChangeToken.OnChange(state.GetChangeToken, LogNew);
        LogNew();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private void LogNew()
    {
        var engine = state.Current.Security.Authorization;
        lock (_lock)
        {
            if (ReferenceEquals(engine, _logged))
            {
                return;
            }

            _logged = engine;
        }

        foreach (var warning in engine.Warnings)
        {
            AuthorizationLog.CompileWarning(logger, warning);
        }
    }
}
