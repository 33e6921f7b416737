using System.Net;
using System.Net.Sockets;
using System.Text;
using GatewayMesh.Cli.Local.Processes;

namespace GatewayMesh.Cli.Local.Store;

/// <summary>Readiness of a Redis: <c>AUTH user password</c> then <c>PING</c> over RESP must answer <c>+PONG</c>.</summary>
internal static class RedisPing
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static async Task<Readiness> CheckAsync(int port, RedisUser? user, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            var stream = client.GetStream();
            var request = (user is null ? "" : Command("AUTH", user.Name, user.Password)) + Command("PING");
            await stream.WriteAsync(Encoding.UTF8.GetBytes(request), timeout.Token);
            var replies = await ReadLinesAsync(stream, user is null ? 1 : 2, timeout.Token);
            return replies.LastOrDefault() == "+PONG"
                ? Readiness.Ready
                : Readiness.NotReady($"redis answered {string.Join(", ", replies.Select(Redact))}");
        }
        catch (SocketException ex)
        {
            return Readiness.NotReady(ex.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : ex.Message);
        }
        catch (IOException ex)
        {
            return Readiness.NotReady(ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Readiness.NotReady("no answer to PING");
        }
    }

    internal static string Command(params string[] parts) =>
        $"*{parts.Length}\r\n" + string.Concat(parts.Select(p => $"${Encoding.UTF8.GetByteCount(p)}\r\n{p}\r\n"));

    internal static async Task<List<string>> ReadLinesAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new byte[512];
        while (CountLines(text) < count)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return [.. text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];
    }

    private static int CountLines(StringBuilder text) => text.ToString().Split("\r\n").Length - 1;

    // Error replies never echo a password, but keep them short.
    private static string Redact(string reply) => reply.Length > 80 ? reply[..80] : reply;
}
