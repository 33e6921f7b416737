using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using GatewayMesh.Cli.Local.Observability;

namespace GatewayMesh.Cli.Local.Run;

/// <summary>
/// Follows one run app's sidecar log from where this run began: prints the app's own lines (what it wrote to stdout
/// and stderr, which the sidecar forwards into its log) prefixed <c>== APP - &lt;appId&gt; ==</c> as daprd's CLI does, and
/// completes <see cref="Exited"/> with the exit code when the sidecar reports the app exited on its own.
/// </summary>
internal sealed partial class AppOutput(string appId, string logFile, long offset, TextWriter output, Lock writeLock)
{
    private readonly LogLines _lines = new(LogSource.App);
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StringBuilder _partial = new();

    public string AppId => appId;

    /// <summary>The app's exit code once the sidecar reported that it exited (never when the sidecar stopped it).</summary>
    public Task<int> Exited => _exited.Task;

    public async Task FollowAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await LogFollower.FollowAsync(reader, _partial, Accept, time, cancellationToken); // an unfinished line carries over
        await LogFollower.ReadNewLinesAsync(reader, _partial, Accept, CancellationToken.None); // what the app wrote while it stopped
    }

    private void Accept(string line)
    {
        if (AppExitedLine().Match(line) is { Success: true } exit)
        {
            _exited.TrySetResult(int.Parse(exit.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        foreach (var shown in _lines.Accept(line))
        {
            lock (writeLock)
            {
                output.WriteLine($"== APP - {appId} == {shown}");
                output.Flush();
            }
        }
    }

    /// <summary>The sidecar's EventId 5021 message (<c>The app (pid N) exited with code C</c>).</summary>
    [GeneratedRegex(@"^\s*The app \(pid [0-9]+\) exited with code (-?[0-9]+)$")]
    private static partial Regex AppExitedLine();
}
