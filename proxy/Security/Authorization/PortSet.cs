using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Security.Authorization;

/// <summary>A list of port numbers (given as strings in policies): matches a port equal to any of them.</summary>
public sealed class PortSet
{
    private readonly int[] _ports;

    private PortSet(int[] ports) => _ports = ports;

    public IReadOnlyList<int> Ports => _ports;

    /// <summary>Null for an empty list: the field is not set. Entries that are not ports are left out (validation rejects them first).</summary>
    public static PortSet? From(ValueList<string> values)
    {
        if (values.IsEmpty)
        {
            return null;
        }

        var ports = new List<int>(values.Count);
        foreach (var value in values)
        {
            if (int.TryParse(value, out var port) && port is > 0 and <= 65535)
            {
                ports.Add(port);
            }
        }

        return new PortSet([.. ports]);
    }

    public bool Contains(int port) => port > 0 && Array.IndexOf(_ports, port) >= 0;

    public override string ToString() => string.Join(", ", _ports);
}
