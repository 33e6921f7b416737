using System.Globalization;
using System.Security.Cryptography;
using GatewayMesh.Core.Blocks.Redis;
using Microsoft.Extensions.Primitives;
using StackExchange.Redis;

namespace GatewayMesh.Registry.Leadership;

/// <summary>
/// Leader election by a lease in Redis (<see cref="LeaseScripts"/>): every replica campaigns every
/// <see cref="LeaderElectionOptions.RetryPeriod"/>; the holder renews, the others follow until the lease runs out
/// (its holder died) or is released (its holder stopped). Each leadership gets a fencing token that only grows; it also
/// becomes the store's fence, so the deposed leader's derived-state writes are refused from the moment of takeover.
/// A leader that cannot renew within <see cref="LeaderElectionOptions.RenewDeadline"/> on its own clock steps down
/// before its lease can run out in Redis.
/// </summary>
public sealed class RedisLeaseElection : BackgroundService, ILeaderElection
{
    private readonly RedisMeshConnection _connection;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Term _term = Term.Follower(0, null);
    private ITimer? _deadline;

    public RedisLeaseElection(RedisMeshConnection connection, LeaderElectionOptions options, TimeProvider time, ILogger<RedisLeaseElection> logger)
    {
        _connection = connection;
        _options = options;
        _time = time;
        _logger = logger;
        Identity = $"{Environment.MachineName}/{Environment.ProcessId}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
    }

    /// <summary>This replica's name in the lease: host, process id and a random part, unique per start.</summary>
    public string Identity { get; }

    /// <summary>The replica that led when this one last looked (itself when leading); null when none was seen.</summary>
    public string? Leader => Volatile.Read(ref _term).Holder;

    public bool IsLeader
    {
        get
        {
            var term = Volatile.Read(ref _term);
            return term.Leading && _time.GetUtcNow() < term.ValidUntil;
        }
    }

    public long FencingToken => Volatile.Read(ref _term) is { Leading: true } term ? term.Token : 0;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _term).Changed.Token);

    public async Task WaitForLeadershipAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var changed = Volatile.Read(ref _term).Changed.Token;
            if (IsLeader)
            {
                return;
            }

            var turned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using (changed.Register(turned.SetResult))
            {
                await turned.Task.WaitAsync(cancellationToken);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (Volatile.Read(ref _term).Leading)
        {
            StepDown(null, "stopping");
            try
            {
                var db = await _connection.GetDatabaseAsync(cancellationToken);
                await db.ScriptEvaluateAsync(LeaseScripts.Release, Keys, [Identity]).WaitAsync(cancellationToken);
                Log.LeadershipReleased(_logger, Identity);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
            {
                Log.LeadershipReleaseFailed(_logger, ex); // the lease runs out by itself
            }
        }

        _deadline?.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.Campaigning(_logger, Identity, _options.LeaseDuration);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await CampaignOnceAsync(stoppingToken);
                await Task.Delay(_options.RetryPeriod, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: StopAsync releases the lease
        }
    }

    /// <summary>One campaign round: renew or take the lease, or learn who holds it.</summary>
    internal async Task CampaignOnceAsync(CancellationToken cancellationToken)
    {
        RedisResult[] result;
        DateTimeOffset started;
        try
        {
            var db = await _connection.GetDatabaseAsync(cancellationToken);
            started = _time.GetUtcNow(); // the lease in Redis starts after this; connecting is not part of it
            var leaseMs = ((long)_options.LeaseDuration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            result = (RedisResult[])(await db.ScriptEvaluateAsync(LeaseScripts.Campaign, Keys, [Identity, leaseMs]).WaitAsync(cancellationToken))!;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.CampaignFailed(_logger, ex); // a leader keeps leading until its renew deadline, then the timer steps it down
            return;
        }

        var token = long.Parse(result[1].ToString(), CultureInfo.InvariantCulture);
        var validUntil = started + _options.RenewDeadline;
        if (result[0].ToString() == "leading" && validUntil > _time.GetUtcNow())
        {
            Lead(token, validUntil);
        }
        else if (result[0].ToString() == "leading")
        {
            // the answer came later than the renew deadline: too late to act on; the next round renews in time or not
            StepDown(null, $"renewing took longer than {_options.RenewDeadline}");
        }
        else
        {
            Follow(result[2].ToString(), token);
        }
    }

    private RedisKey[] Keys => [_connection.Keys.Leader, _connection.Keys.LeaderEpoch, _connection.Keys.Fence];

    private void Lead(long token, DateTimeOffset validUntil)
    {
        CancellationTokenSource? changed = null;
        lock (_gate)
        {
            var current = _term;
            if (current.Leading && current.Token == token)
            {
                _term = current with { ValidUntil = validUntil }; // a renewal: same leadership, no change signal
            }
            else
            {
                changed = Replace(Term.Leader(token, Identity, validUntil));
                Log.BecameLeader(_logger, Identity, token);
            }

            _deadline ??= _time.CreateTimer(_ => OnRenewDeadline(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _deadline.Change(TimeSpan.FromTicks(Math.Max(0, (validUntil - _time.GetUtcNow()).Ticks)), Timeout.InfiniteTimeSpan);
        }

        changed?.Cancel();
    }

    private void Follow(string holder, long token)
    {
        if (Volatile.Read(ref _term).Leading)
        {
            StepDown(holder, $"the lease is held by {holder} (token {token})");
            return;
        }

        lock (_gate)
        {
            if (!_term.Leading && _term.Holder != holder)
            {
                _term = _term with { Holder = holder };
                Log.Following(_logger, holder, token);
            }
        }
    }

    private void OnRenewDeadline()
    {
        if (Volatile.Read(ref _term) is { Leading: true } term && _time.GetUtcNow() >= term.ValidUntil)
        {
            StepDown(null, $"the lease was not renewed within {_options.RenewDeadline}");
        }
    }

    /// <summary>Ends this replica's leadership and signals the change (outside the lock, so no callback runs under it).</summary>
    private void StepDown(string? holder, string reason)
    {
        CancellationTokenSource changed;
        lock (_gate)
        {
            if (!_term.Leading)
            {
                return;
            }

            Log.SteppedDown(_logger, Identity, _term.Token, reason);
            changed = Replace(Term.Follower(0, holder));
        }

        changed.Cancel();
    }

    /// <summary>Swaps the term (under the lock) and returns the old term's change source for the caller to cancel.</summary>
    private CancellationTokenSource Replace(Term next)
    {
        var previous = _term;
        Volatile.Write(ref _term, next);
        return previous.Changed;
    }

    private sealed record Term(bool Leading, long Token, string? Holder, DateTimeOffset ValidUntil, CancellationTokenSource Changed)
    {
        public static Term Leader(long token, string holder, DateTimeOffset validUntil) => new(true, token, holder, validUntil, new CancellationTokenSource());

        public static Term Follower(long token, string? holder) => new(false, token, holder, DateTimeOffset.MinValue, new CancellationTokenSource());
    }
}
