using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GatewayMesh.IntegrationTests.Protocols;

/// <summary>A raw TCP connection to a proxy listener, for CONNECT: send the request head, read the response head, then bytes.</summary>
internal sealed class RawProxyConnection : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TcpClient _client = new();
    private NetworkStream _stream = null!;

    public static async Task<RawProxyConnection> OpenAsync(Uri listener)
    {
        var connection = new RawProxyConnection();
        await connection._client.ConnectAsync(IPAddress.Loopback, listener.Port);
        connection._stream = connection._client.GetStream();
        return connection;
    }

    /// <summary>Sends <c>CONNECT target</c> and returns the response head (status line and headers) plus any body the proxy sent with a refusal.</summary>
    public async Task<string> ConnectAsync(string target)
    {
        await SendAsync($"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n");
        var head = new StringBuilder();
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            var one = new byte[1];
            if (await _stream.ReadAsync(one).AsTask().WaitAsync(Timeout) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        var text = head.ToString();
        return text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) ? text : text + await ReadToEndAsync();
    }

    public Task SendAsync(string text) => _stream.WriteAsync(Encoding.ASCII.GetBytes(text)).AsTask();

    /// <summary>Reads exactly <paramref name="length"/> bytes.</summary>
    public async Task<string> ReadAsync(int length)
    {
        var buffer = new byte[length];
        await _stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Timeout);
        return Encoding.ASCII.GetString(buffer);
    }

    /// <summary>Everything until the proxy closes the connection.</summary>
    public async Task<string> ReadToEndAsync()
    {
        using var reader = new StreamReader(_stream, Encoding.UTF8, leaveOpen: true);
        return await reader.ReadToEndAsync().WaitAsync(Timeout);
    }

    public void Dispose() => _client.Dispose();
}
