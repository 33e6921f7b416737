using GatewayMesh.Proxy.Admin;

namespace GatewayMesh.Sidecar.Supervision;

/// <summary>
/// Readiness, when the sidecar starts the app (<c>--app-command</c>): the app has been started and has not exited. The
/// TCP probe of the app port alone cannot tell the app from the sidecar's own hold on the port before the start, nor
/// from another process that took the port after the app failed to bind it.
/// </summary>
internal sealed class AppProcessReadiness(AppSupervisor supervisor) : IReadinessCheck
{
    public ValueTask<string?> NotReadyReasonAsync(CancellationToken cancellationToken) => new(supervisor.NotReadyReason);
}
