namespace GatewayMesh.Core.Hosting;

/// <summary>
/// How long a proxy (sidecar, ingress) may take to stop after SIGTERM, in one place for the proxy and for whoever
/// stops it (meshctl). The proxy's host bounds its whole stop by <see cref="Timeout"/>: deregistration, the drain of
/// in-flight requests and, in a sidecar, its app's stop, for which it gives the app <see cref="AppGrace"/> after
/// SIGTERM before killing it (cut short when the drain used most of <see cref="Timeout"/>). Whoever sent the SIGTERM
/// waits <see cref="SignalGrace"/> before SIGKILL, so it never kills a proxy that is still stopping as it should.
/// </summary>
public static class ProxyShutdown
{
    /// <summary>The host's shutdown timeout (<c>HostOptions.ShutdownTimeout</c>) of every proxy.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>What a sidecar gives its app (<c>--app-command</c>) between SIGTERM and a kill, within <see cref="Timeout"/>.</summary>
    public static readonly TimeSpan AppGrace = TimeSpan.FromSeconds(10);

    /// <summary>What the process needs after its host stopped: killing an app that ignored SIGTERM, the runtime's exit.</summary>
    public static readonly TimeSpan ExitAllowance = TimeSpan.FromSeconds(5);

    /// <summary>How long a process manager waits between SIGTERM and SIGKILL for a proxy: its whole stop and its exit.</summary>
    public static TimeSpan SignalGrace => Timeout + ExitAllowance;
}
