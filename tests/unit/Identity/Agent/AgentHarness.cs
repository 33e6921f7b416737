using System.Threading.Channels;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GatewayMesh.UnitTests.Identity.Agent;

/// <summary>A certificate agent over a <see cref="FakeCa"/> and a <see cref="FakeTimeProvider"/>, with a token file in a temp dir.</summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    public static readonly SpiffeId Reviews = SpiffeId.Parse("spiffe://cluster.local/ns/default/sa/bookinfo-reviews");
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("agent-test-").FullName;

    public AgentHarness(double uniform = 0.5, TimeSpan? ttl = null)
    {
        // Whole seconds: certificate times have no fractions, so the schedule is exact.
        var now = TimeProvider.System.GetUtcNow();
        Time = new FakeTimeProvider(now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)));
        Ca = new FakeCa(Time);
        TokenFile = Path.Combine(_dir, "token");
        WriteToken("token-one");
        Options = new CertificateAgentOptions(new Uri("https://127.0.0.1:1"), Path.Combine(_dir, "root.pem"), TokenFile, ttl);
        Agent = new CertificateAgent(Reviews, Options, Ca, Time, NullLogger<CertificateAgent>.Instance)
        {
            Uniform = () => uniform,
            OnScheduled = status => Scheduled.Writer.TryWrite(status),
        };
    }

    public FakeTimeProvider Time { get; }

    public FakeCa Ca { get; }

    public string TokenFile { get; }

    public CertificateAgentOptions Options { get; }

    public CertificateAgent Agent { get; }

    public Channel<CertificateAgentStatus> Scheduled { get; } = Channel.CreateUnbounded<CertificateAgentStatus>();

    public void WriteToken(string token) => File.WriteAllText(TokenFile, token);

    public async Task<CertificateAgentStatus> NextScheduledAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await Scheduled.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>A task that completes when the agent's current change token fires.</summary>
    public Task ChangedAsync()
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Agent.GetChangeToken().RegisterChangeCallback(_ => changed.TrySetResult(), null);
        return changed.Task.WaitAsync(Timeout);
    }

    /// <summary>Starts the agent and waits until its first attempt has been made and the next one scheduled.</summary>
    public async Task<CertificateAgentStatus> StartAsync()
    {
        await Agent.StartAsync(CancellationToken.None);
        return await NextScheduledAsync();
    }

    /// <summary>Moves the clock to <paramref name="at"/> and waits for the attempt that wakes, and its scheduling.</summary>
    public async Task<CertificateAgentStatus> AdvanceToAsync(DateTimeOffset at)
    {
        var delta = at - Time.GetUtcNow();
        Time.Advance(delta > TimeSpan.Zero ? delta : TimeSpan.Zero);
        return await NextScheduledAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.StopAsync(CancellationToken.None);
        Agent.Dispose();
        Ca.Dispose();
        Directory.Delete(_dir, true);
    }
}
