using System.Text;

namespace GatewayMesh.Cli.Local.Observability;

/// <summary>
/// Hands every whole line appended to a log file to a callback until cancelled, reading what is new a few times a
/// second (<c>meshctl logs -f</c>, <c>meshctl run</c>'s per-app output). A line still being written waits for its end.
/// </summary>
internal static class LogFollower
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Returns when <paramref name="cancellationToken"/> is cancelled (without throwing).</summary>
    public static Task FollowAsync(StreamReader reader, Action<string> onLine, TimeProvider time, CancellationToken cancellationToken) =>
        FollowAsync(reader, new StringBuilder(), onLine, time, cancellationToken);

    /// <summary>As above; <paramref name="partial"/> keeps a line still being written when it returns, for a caller that reads on.</summary>
    public static async Task FollowAsync(
        StreamReader reader, StringBuilder partial, Action<string> onLine, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                await ReadNewLinesAsync(reader, partial, onLine, cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Hands over the whole lines written since the last read; keeps an unfinished one in <paramref name="partial"/>.</summary>
    public static async Task ReadNewLinesAsync(StreamReader reader, StringBuilder partial, Action<string> onLine, CancellationToken cancellationToken)
    {
        var chunk = await reader.ReadToEndAsync(cancellationToken);
        if (chunk.Length == 0)
        {
            return;
        }

        partial.Append(chunk);
        var text = partial.ToString();
        var end = text.LastIndexOf('\n');
        if (end < 0)
        {
            return; // wait for the line to be finished
        }

        partial.Clear().Append(text, end + 1, text.Length - end - 1);
        foreach (var line in text[..end].Split('\n'))
        {
            onLine(line.TrimEnd('\r'));
        }
    }
}
