using System.Globalization;
using System.Text;

namespace GatewayMesh.Sidecar.Outbound.Tunnels;

/// <summary>
/// The head of an HTTP/1.1 <c>CONNECT host:port</c> request (RFC 9110 9.3.6): the target authority and the headers.
/// Parsed from raw bytes because the tunnel is opened below Kestrel's HTTP layer.
/// </summary>
internal sealed record ConnectRequest(string Host, int Port, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary><c>host:port</c>, with brackets around an IPv6 literal.</summary>
    public string Authority => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Parses the head (request line and header lines, without the final empty line); null with a reason when malformed.</summary>
    public static ConnectRequest? Parse(ReadOnlySpan<byte> head, out string error)
    {
        var text = Encoding.Latin1.GetString(head);
        var lines = text.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine is not ["CONNECT", var target, var version] || !version.StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            error = "malformed CONNECT request line";
            return null;
        }

        if (!TrySplitAuthority(target, out var host, out var port))
        {
            error = $"CONNECT target '{target}' is not host:port";
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                error = "malformed header line";
                return null;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var existing) ? $"{existing},{value}" : value;
        }

        error = "";
        return new ConnectRequest(host, port, headers);
    }

    private static bool TrySplitAuthority(string target, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = target.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(target.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = target[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }

        return host.Length > 0 && Uri.CheckHostName(host) != UriHostNameType.Unknown;
    }
}
