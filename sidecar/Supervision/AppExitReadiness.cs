using GatewayMesh.Proxy.Admin;

namespace GatewayMesh.Sidecar.Supervision;

/// <summary>
/// Readiness, when the sidecar starts the app (<c>--app-command</c>): the app has not exited. The TCP probe of the app
/// port alone cannot tell the app from another process that took its port after the app failed to bind it.
/// </summary>
internal sealed class AppExitReadiness(AppSupervisor supervisor) : IReadinessCheck
{
    public ValueTask<string?> NotReadyReasonAsync(CancellationToken cancellationToken) => new(supervisor.ExitReason);
}
