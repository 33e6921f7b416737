using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Sidecars;

/// <summary>
/// The ports on which a host is imported when a Sidecar has port-specific egress listeners. A listener with a port
/// handles exactly that port; the listener without a port handles every other port. So a host is reachable on a
/// listed port when that port's listener imports it, and on any other port when the catch-all listener does.
/// <see cref="OtherPorts"/> true: every port except <see cref="Listed"/>; false: only the <see cref="Listed"/> ports.
/// A host imported on every port has no <see cref="EgressPorts"/> at all (null). Immutable, value equality.
/// </summary>
public sealed record EgressPorts(bool OtherPorts, ValueList<int> Listed)
{
    /// <summary>The port an authority without one stands for on the outbound listener (plain HTTP).</summary>
    public const int DefaultPort = 80;

    public bool Allows(int port) => Listed.Items.Contains(port) != OtherPorts;

    public override string ToString() =>
        OtherPorts ? $"all ports but {string.Join(", ", Listed)}" : $"only port{(Listed.Count == 1 ? "" : "s")} {string.Join(", ", Listed)}";
}
