using System.Text;
using GatewayMesh.Core.Mixer.Lists;

namespace GatewayMesh.Registry.Lists;

/// <summary>The outcome of one fetch: the entries, or why there are none.</summary>
internal sealed record FetchResult(IReadOnlyList<string>? Entries, string? Error);

/// <summary>
/// Fetches one provider's list over HTTP: a 200 answer within the timeout and the size limit, one entry per line,
/// every entry valid for the list's entry type (IP addresses, RE2 regexes). Nothing is kept from a failed fetch.
/// </summary>
internal sealed class ListFetcher(HttpClient client, long maxBytes, TimeSpan timeout)
{
    public async Task<FetchResult> FetchAsync(ListProvider provider, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await client.GetAsync(provider.Url, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                return new FetchResult(null, $"{provider.Url} answered {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                return new FetchResult(null, $"{provider.Url} sent {response.Content.Headers.ContentLength} bytes; the limit is {maxBytes}");
            }

            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(chunk, deadline.Token)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return new FetchResult(null, $"{provider.Url} sent more than {maxBytes} bytes, the limit");
                }

                buffer.Write(chunk, 0, read);
            }

            var entries = MixerList.SplitLines(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            return MixerList.TryBuild(entries, provider.EntryType, out _, out var errors)
                ? new FetchResult(entries, null)
                : new FetchResult(null, $"{provider.Url}: {string.Join("; ", errors)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new FetchResult(null, $"{provider.Url} did not answer within {timeout.TotalSeconds:0.#}s");
        }
        catch (HttpRequestException ex)
        {
            return new FetchResult(null, $"{provider.Url}: {ex.Message}");
        }
    }
}
