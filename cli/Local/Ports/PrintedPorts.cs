namespace GatewayMesh.Cli.Local.Ports;

/// <summary>
/// The ports the ingress and the sidecars chose, read from the lines they print on stdout (which go to their log
/// file): <c>ingress listening on URL</c>, <c>admin listening on URL</c> (any <c>NAME listening on URL</c>: the
/// dashboard prints <c>dashboard</c> and <c>otlp</c>), and
/// <c>sidecar SVC inbound URL outbound URL admin URL</c>. Only lines after the last <c>meshctl up</c> header count, so
/// a previous run's ports are never taken for this one's.
/// </summary>
internal static class PrintedPorts
{
    public const string HeaderMarker = " meshctl up: ";

    public static IReadOnlyDictionary<string, int> Read(string logFile)
    {
        var ports = new Dictionary<string, int>();
        if (!File.Exists(logFile))
        {
            return ports;
        }

        List<string> lines;
        try
        {
            lines = [.. File.ReadLines(logFile)];
        }
        catch (IOException)
        {
            return ports;
        }

        var start = lines.FindLastIndex(line => line.StartsWith("--- ", StringComparison.Ordinal) && line.Contains(HeaderMarker, StringComparison.Ordinal));
        foreach (var line in lines.Skip(start + 1))
        {
            Parse(line, ports);
        }

        return ports;
    }

    internal static void Parse(string line, Dictionary<string, int> ports)
    {
        var words = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words is [var name, "listening", "on", var url] && PortOf(url) is { } port)
        {
            ports[name == "ingress" ? "http" : name] = port;
        }
        else if (words is ["sidecar", _, "inbound", var inbound, "outbound", var outbound, "admin", var admin]
            && PortOf(inbound) is { } inboundPort && PortOf(outbound) is { } outboundPort && PortOf(admin) is { } adminPort)
        {
            ports["inbound"] = inboundPort;
            ports["outbound"] = outboundPort;
            ports["admin"] = adminPort;
        }
    }

    private static int? PortOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port > 0 ? uri.Port : null;
}
