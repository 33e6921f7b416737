using GatewayMesh.Core.Hosting;

namespace GatewayMesh.Sidecar.Supervision;

/// <summary>
/// The app port the sidecar chose for the app it starts (<c>--app-command</c> without <c>--app-port</c>), held by a
/// listener of the sidecar's from the moment it is chosen until the app is started, so nothing else on the machine takes
/// it during the sidecar's own start-up (listeners, first snapshot, certificate: seconds on a loaded machine).
/// </summary>
internal sealed class HeldAppPort(PortReservation? reservation)
{
    private PortReservation? _reservation = reservation;

    /// <summary>Frees the port (once); the app binds it next.</summary>
    public void Release() => Interlocked.Exchange(ref _reservation, null)?.Dispose();
}
