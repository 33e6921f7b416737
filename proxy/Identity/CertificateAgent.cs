using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using GatewayMesh.Core.Identity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace GatewayMesh.Proxy.Identity;

/// <summary>
/// The proxy's certificate agent (Istio's pilot-agent SDS role). It makes an ECDSA P-256 key in memory, sends a CSR for
/// the proxy's SPIFFE ID to the CA (the first time with the bootstrap token, then with the current certificate as TLS
/// client certificate), and publishes the result as one immutable <see cref="WorkloadCertificate"/>, swapped atomically
/// and announced through the change token. It renews at half-life with jitter (<see cref="RenewalSchedule"/>), with a
/// new key each time, and retries failures with capped exponential backoff. Every timer comes from the TimeProvider.
/// Fails closed: <see cref="NotReadyReason"/> is set while there is no certificate or the current one has expired.
/// </summary>
public sealed class CertificateAgent(
    SpiffeId identity,
    CertificateAgentOptions options,
    ICertificateAuthorityClient ca,
    TimeProvider time,
    ILogger<CertificateAgent> logger) : BackgroundService, IWorkloadCertificateSource
{
    private Published _published = new(null, new CancellationTokenSource());
    private CertificateAgentStatus _status = CertificateAgentStatus.Starting;
    private byte[]? _spentTokenHash;
    private (byte[] TokenHash, WorkloadCsr Csr)? _bootstrapCsr;

    public SpiffeId Identity => identity;

    public WorkloadCertificate? Current => Volatile.Read(ref _published).Certificate;

    public CertificateAgentStatus Status => Volatile.Read(ref _status);

    /// <summary>Uniform random numbers in [0, 1) for jitter; tests fix them.</summary>
    internal Func<double> Uniform { get; set; } = Random.Shared.NextDouble;

    /// <summary>Called once the next attempt's timer is armed, with the status that names it; tests wait on it.</summary>
    internal Action<CertificateAgentStatus>? OnScheduled { get; set; }

    public IChangeToken GetChangeToken() => new CancellationChangeToken(Volatile.Read(ref _published).Changed.Token);

    /// <summary>Null when the proxy holds a certificate valid now; else why mTLS is closed (for <c>/healthz/ready</c>).</summary>
    public string? NotReadyReason()
    {
        var current = Current;
        var error = Status.LastError is { } last ? $" (last attempt: {last})" : "";
        if (current is null)
        {
            return $"no workload certificate yet{error}";
        }

        return current.IsExpiredAt(time.GetUtcNow())
            ? $"workload certificate expired at {current.NotAfter:yyyy-MM-ddTHH:mm:ssZ} and not renewed{error}"
            : null;
    }

    /// <summary>
    /// The trust bundle's cadence, armed when the agent starts (before either loop runs): a timer armed inside the loop
    /// started only after the first issuance's scheduling, so a clock moved in between never woke it.
    /// </summary>
    private PeriodicTimer? _trustBundleTimer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _trustBundleTimer = new PeriodicTimer(options.TrustBundleRefreshInterval, time);
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(IssueLoopAsync(stoppingToken), RefreshTrustBundleLoopAsync(_trustBundleTimer!, stoppingToken));

    private async Task IssueLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = await AttemptAsync(stoppingToken);
            var delay = next - time.GetUtcNow();
            var wait = Task.Delay(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, time, stoppingToken);
            OnScheduled?.Invoke(Status);
            try
            {
                await wait;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One issuance; returns when to act next (the renewal time, or the retry time after a failure).</summary>
    private async Task<DateTimeOffset> AttemptAsync(CancellationToken cancellationToken)
    {
        var status = Status;
        try
        {
            var issued = await IssueAsync(cancellationToken);
            // A CA backdates NotBefore for clock skew (ours: 1 min); half-life counts from when we got it, or a short TTL would renew at once.
            var renewAt = RenewalSchedule.RenewAt(Max(issued.NotBefore, time.GetUtcNow()), issued.NotAfter, Uniform());
            Volatile.Write(ref _status, new CertificateAgentStatus(renewAt, 0, null, time.GetUtcNow()));
            Publish(issued);
            var serial = issued.Leaf.SerialNumber;
            IdentityLog.Issued(logger, identity, serial, issued.NotAfter, renewAt);
            return renewAt;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var failures = status.ConsecutiveFailures + 1;
            var delay = RenewalSchedule.RetryDelay(failures, options.InitialRetryDelay, options.MaxRetryDelay, Uniform());
            if (ex is CaRequestException { RetryAfter: { } retryAfter } && retryAfter > delay)
            {
                delay = retryAfter;
            }

            var retryAt = time.GetUtcNow() + delay;
            Volatile.Write(ref _status, status with { NextAttemptAt = retryAt, ConsecutiveFailures = failures, LastError = ex.Message });
            IdentityLog.IssueFailed(logger, identity, failures, ex.Message, retryAt);
            return retryAt;
        }
    }

    private async Task<WorkloadCertificate> IssueAsync(CancellationToken cancellationToken)
    {
        var (credential, tokenHash) = ChooseCredential();
        if (tokenHash is null)
        {
            using var renewal = WorkloadCsr.Create(identity); // a new key each renewal
            return await SignAsync(renewal, credential, cancellationToken);
        }

        WorkloadCertificate issued;
        try
        {
            issued = await SignAsync(BootstrapCsr(tokenHash), credential, cancellationToken);
        }
        catch (CaRequestException ex) when (ex.IsUnauthorized)
        {
            _spentTokenHash = tokenHash; // refused: do not send it again until the file holds another token
            ForgetBootstrapCsr();
            throw new CaRequestException(ex.Status, $"{ex.Message}; the bootstrap token in {options.TokenFile} is spent or invalid, waiting for a new one", ex.RetryAfter, ex);
        }

        _spentTokenHash = tokenHash; // one use: renewals authenticate with the certificate from now on
        ForgetBootstrapCsr();
        return issued;
    }

    private async Task<WorkloadCertificate> SignAsync(WorkloadCsr csr, CaCredential credential, CancellationToken cancellationToken)
    {
        var response = await ca.SignAsync(new SignRequest(csr.Pem, options.TtlSeconds), credential, cancellationToken);
        return IssuedCertificate.Build(response, csr.Key, identity, time.GetUtcNow());
    }

    /// <summary>
    /// The CSR sent with bootstrap token <paramref name="tokenHash"/>, made once and kept until that token is issued or
    /// refused: when an answer is lost (a timeout under load), the retry sends the same token with the same key, which
    /// the CA answers again; a new key would find the token spent and leave the proxy without a certificate for good.
    /// </summary>
    private WorkloadCsr BootstrapCsr(byte[] tokenHash)
    {
        if (_bootstrapCsr is { } pending && pending.TokenHash.AsSpan().SequenceEqual(tokenHash))
        {
            return pending.Csr;
        }

        ForgetBootstrapCsr();
        var csr = WorkloadCsr.Create(identity);
        _bootstrapCsr = (tokenHash, csr);
        return csr;
    }

    private void ForgetBootstrapCsr()
    {
        _bootstrapCsr?.Csr.Dispose();
        _bootstrapCsr = null;
    }

    /// <summary>The current certificate while it is valid; else an unspent bootstrap token from the token file.</summary>
    private (CaCredential Credential, byte[]? TokenHash) ChooseCredential()
    {
        var current = Current;
        if (current is not null && !current.IsExpiredAt(time.GetUtcNow()))
        {
            return (new CaCredential.ClientCertificate(current.Leaf), null);
        }

        var token = BootstrapTokenFile.Read(options.TokenFile, logger);
        var hash = token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
        if (hash is null || (_spentTokenHash is not null && hash.AsSpan().SequenceEqual(_spentTokenHash)))
        {
            var why = current is null ? "no certificate yet" : "the certificate has expired";
            throw new CaRequestException(null, options.TokenFile is null
                ? $"{why} and no --ca-token-file to bootstrap with"
                : $"{why} and no unused bootstrap token in {options.TokenFile}");
        }

        return (new CaCredential.BootstrapToken(token!), hash);
    }

    /// <summary>
    /// Fetches the trust bundle every <see cref="CertificateAgentOptions.TrustBundleRefreshInterval"/> and publishes the
    /// current certificate with it when the roots changed: a root rotation reaches every proxy within that bound, not
    /// only at its next renewal. A failed fetch keeps the bundle it has and tries again next interval.
    /// </summary>
    private async Task RefreshTrustBundleLoopAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RefreshTrustBundleOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task RefreshTrustBundleOnceAsync(CancellationToken cancellationToken)
    {
        X509Certificate2Collection bundle;
        try
        {
            bundle = await ca.GetTrustBundleAsync(cancellationToken);
        }
        catch (CaRequestException ex)
        {
            IdentityLog.TrustBundleRefreshFailed(logger, identity, ex.Message);
            return;
        }

        var current = Current;
        if (current is null || SameRoots(current.TrustBundle, bundle))
        {
            return;
        }

        Publish(current with { TrustBundle = bundle });
        var roots = string.Join(", ", bundle.Select(root => root.Subject));
        IdentityLog.TrustBundleChanged(logger, identity, bundle.Count, roots);
    }

    private static bool SameRoots(X509Certificate2Collection a, X509Certificate2Collection b) =>
        a.Select(root => root.Thumbprint).Order(StringComparer.Ordinal).SequenceEqual(b.Select(root => root.Thumbprint).Order(StringComparer.Ordinal), StringComparer.Ordinal);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private void Publish(WorkloadCertificate certificate)
    {
        var previous = Interlocked.Exchange(ref _published, new Published(certificate, new CancellationTokenSource()));
        previous.Changed.Cancel();
        previous.Changed.Dispose();
    }

    public override void Dispose()
    {
        base.Dispose();
        _trustBundleTimer?.Dispose();
        ForgetBootstrapCsr();
        Volatile.Read(ref _published).Changed.Dispose();
    }

    private sealed record Published(WorkloadCertificate? Certificate, CancellationTokenSource Changed);
}
