using System.Globalization;
using System.Net;

namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>A proxy admin listener's answer: its status code and body text.</summary>
internal sealed record AdminAnswer(int Status, string Body)
{
    /// <summary>The first line of the body, at most 120 characters, for messages.</summary>
    public string FirstLine
    {
        get
        {
            var line = Body.Split('\n', 2)[0].Trim();
            return line.Length > 120 ? line[..120] : line;
        }
    }

    public bool IsOk => Status == (int)HttpStatusCode.OK;
}

/// <summary>Why a proxy admin listener gave no usable answer: unreachable, too slow, or a body over the limit.</summary>
internal sealed class AdminUnreachableException(string message) : CliException(message);

/// <summary>
/// GETs from a proxy's admin listener with a deadline for the whole exchange and a cap on the body (checked against
/// Content-Length first, then while reading), never through an HTTP proxy from the environment.
/// </summary>
internal static class AdminHttp
{
    public const int DefaultMaxBodyBytes = 16 * 1024 * 1024;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    public static async Task<AdminAnswer> GetAsync(Uri url, CancellationToken cancellationToken, int maxBodyBytes = DefaultMaxBodyBytes, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? DefaultTimeout);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (response.Content.Headers.ContentLength is { } length && length > maxBodyBytes)
            {
                throw TooLarge(url, maxBodyBytes);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
            var body = await ReadBoundedAsync(stream, url, maxBodyBytes, deadline.Token);
            return new AdminAnswer((int)response.StatusCode, body);
        }
        catch (HttpRequestException ex)
        {
            throw new AdminUnreachableException($"cannot reach the proxy admin listener at {url}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AdminUnreachableException($"no answer from the proxy admin listener at {url} within {(timeout ?? DefaultTimeout).TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
    }

    private static async Task<string> ReadBoundedAsync(Stream stream, Uri url, int maxBodyBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBodyBytes)
            {
                throw TooLarge(url, maxBodyBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static AdminUnreachableException TooLarge(Uri url, int maxBodyBytes) =>
        new($"the answer from {url} is larger than {(maxBodyBytes / 1024).ToString(CultureInfo.InvariantCulture)} KiB; not read");
}
