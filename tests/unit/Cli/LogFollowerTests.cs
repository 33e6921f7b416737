using System.Text;
using GatewayMesh.Cli.Local.Observability;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.UnitTests.Cli;

/// <summary>The log follower behind <c>meshctl logs -f</c> and <c>meshctl run</c>'s per-app output.</summary>
public sealed class LogFollowerTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task FollowAsync_CancelledWithALineHalfWritten_CallerReadsOnAndGetsTheWholeLine()
    {
        var file = Path.Combine(_dir.Path, "app.log");
        await File.WriteAllTextAsync(file, "one\ntw");
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = new List<string>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var partial = new StringBuilder();
        using var following = new CancellationTokenSource();

        var follow = LogFollower.FollowAsync(reader, partial, line => { lines.Add(line); first.TrySetResult(); }, new FakeTimeProvider(), following.Token);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await following.CancelAsync();
        await follow.WaitAsync(TimeSpan.FromSeconds(30));
        await File.AppendAllTextAsync(file, "o\nthree\n");
        await LogFollower.ReadNewLinesAsync(reader, partial, lines.Add, CancellationToken.None);

        Assert.Equal(["one", "two", "three"], lines);
    }
}
