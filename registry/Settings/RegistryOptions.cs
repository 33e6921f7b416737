using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Hosting;
using GatewayMesh.Registry.Leadership;

namespace GatewayMesh.Registry.Settings;

/// <summary>
/// Settings of the registry service, bound from the <c>Registry</c> configuration section
/// (command line <c>--redis</c>, ..., or environment <c>GATEWAYMESH_REGISTRY__REDIS</c>, ...).
/// </summary>
public sealed class RegistryOptions : IValidatedSettings
{
    public const string SectionName = "Registry";

    /// <summary>The URL used when neither <c>--urls</c> nor <c>ASPNETCORE_URLS</c> is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:15080";

    /// <summary>Redis endpoint, <c>host:port</c>. Required unless <see cref="InMemory"/> is set.</summary>
    public string? Redis { get; set; }

    public string? RedisUser { get; set; }

    /// <summary>File holding the Redis password; the password itself is never passed on the command line.</summary>
    public string? RedisPasswordFile { get; set; }

    /// <summary>Prefix of every Redis key, so several meshes can share one Redis.</summary>
    public string? KeyPrefix { get; set; }

    /// <summary>Keeps all state in process memory (quick tests and demos); nothing survives a restart.</summary>
    public bool InMemory { get; set; }

    /// <summary>Directory for the registry's own files (the generated token). Defaults to <c>.gatewaymesh</c> under the current directory.</summary>
    public string StateDir { get; set; } = ".gatewaymesh";

    /// <summary>File holding the API bearer token; read when it exists, generated otherwise. Defaults to <c>&lt;StateDir&gt;/registry.token</c>.</summary>
    public string? TokenFile { get; set; }

    /// <summary>
    /// The leader lease among registry replicas (<c>--leader-lease</c>, a duration such as <c>10s</c>): how long a
    /// crashed leader's successor may wait. Only the leader expires instance leases.
    /// </summary>
    public string LeaderLease { get; set; } = "10s";

    /// <summary>
    /// How long a config write (<c>/apply</c>, <c>POST</c>/<c>PUT</c>/<c>DELETE /configs</c>) may wait for the store
    /// (<c>--write-timeout</c>, default 3s, at most 30s): while Redis is unreachable or failing over, the registry answers
    /// 503 with <c>Retry-After</c> within this time (twice it at most: the checks that read the store, then the write),
    /// and the store refuses the write past its deadline, so a failed write changes nothing.
    /// </summary>
    public string WriteTimeout { get; set; } = "3s";

    /// <summary>The longest <see cref="WriteTimeout"/> allowed: a write that waits longer is a hang to its client.</summary>
    public static readonly TimeSpan MaxWriteTimeout = TimeSpan.FromSeconds(30);

    public TimeSpan ParseWriteTimeout() =>
        MeshDuration.TryParse(WriteTimeout, out var duration, out var error) && duration.Value >= TimeSpan.FromSeconds(1) && duration.Value <= MaxWriteTimeout
            ? duration.Value
            : throw new InvalidOperationException($"--write-timeout: '{WriteTimeout}' is not a duration from 1s to 30s{(string.IsNullOrEmpty(error) ? "" : $" ({error})")}; e.g. 3s");

    // --- config fidelity (issue 12): JWKS fetched for RequestAuthentication jwksUri ---

    /// <summary>A PEM bundle of extra CAs to trust when fetching a jwksUri over HTTPS (<c>--jwks-ca-file</c>); system roots always count.</summary>
    public string? JwksCaFile { get; set; }

    /// <summary>How often a fetched key set is fetched again (<c>--jwks-refresh</c>, default 20m, as istiod).</summary>
    public string JwksRefresh { get; set; } = "20m";

    /// <summary>How soon a failed fetch is tried again (<c>--jwks-retry</c>, default 30s); the last good keys stay meanwhile.</summary>
    public string JwksRetry { get; set; } = "30s";

    public TimeSpan ParseJwksRefresh() => Duration(JwksRefresh, "--jwks-refresh");

    public TimeSpan ParseJwksRetry() => Duration(JwksRetry, "--jwks-retry");

    private static TimeSpan Duration(string text, string option) =>
        MeshDuration.TryParse(text, out var duration, out var error) && duration.Value > TimeSpan.Zero
            ? duration.Value
            : throw new InvalidOperationException($"{option}: '{text}' is not a positive duration ({error}); e.g. 30s");

    /// <summary>
    /// How long an auto-registered WorkloadEntry outlives its proxy (<c>--auto-registration-grace</c>, default 10s as
    /// Istio's <c>PILOT_WORKLOAD_ENTRY_GRACE_PERIOD</c>); a proxy that comes back within it keeps its entry.
    /// </summary>
    public string AutoRegistrationGrace { get; set; } = "10s";

    public TimeSpan ParseAutoRegistrationGrace() => Duration(AutoRegistrationGrace, "--auto-registration-grace");
    // --- end config fidelity ---

    /// <summary>How often expired instance leases are swept.</summary>
    public TimeSpan LeaseSweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the listchecker lists with a providerUrl are checked for a due refresh (policy).</summary>
    public TimeSpan ListScanInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The largest list a providerUrl may send, in bytes.</summary>
    public long ListMaxBytes { get; set; } = 1024 * 1024;

    /// <summary>How long one list fetch may take.</summary>
    public TimeSpan ListFetchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the readiness probe waits for the store.</summary>
    public TimeSpan ReadinessTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The election timing; fails naming <c>--leader-lease</c> when the duration is unusable.</summary>
    public LeaderElectionOptions ParseLeaderElection() =>
        MeshDuration.TryParse(LeaderLease, out var lease, out var error)
            ? LeaderElectionOptions.FromLease(lease.Value)
            : throw new InvalidOperationException($"--leader-lease: '{LeaderLease}' is not a duration ({error}); e.g. 10s");

    /// <summary>Adds a problem for every bad or missing setting, each naming its switch.</summary>
    public void Validate(SettingsProblems problems)
    {
        if (!InMemory && string.IsNullOrWhiteSpace(Redis))
        {
            problems.Add("--redis: required, host:port (or GATEWAYMESH_REGISTRY__REDIS), unless --in-memory");
        }

        if (!InMemory)
        {
            problems.Try(ParseLeaderElection);
        }

        problems.Try(ParseWriteTimeout);
        problems.Try(ParseJwksRefresh);
        problems.Try(ParseJwksRetry);
        problems.Try(ParseAutoRegistrationGrace);
        if (!string.IsNullOrWhiteSpace(JwksCaFile) && !File.Exists(JwksCaFile))
        {
            problems.Add($"--jwks-ca-file: '{JwksCaFile}' does not exist");
        }

        foreach (var (option, value) in new[]
                 {
                     ("Registry:LeaseSweepInterval", LeaseSweepInterval), ("Registry:ListScanInterval", ListScanInterval),
                     ("Registry:ListFetchTimeout", ListFetchTimeout), ("Registry:ReadinessTimeout", ReadinessTimeout),
                 })
        {
            if (value <= TimeSpan.Zero)
            {
                problems.Add($"{option}: {value} must be positive");
            }
        }

        if (ListMaxBytes <= 0)
        {
            problems.Add($"Registry:ListMaxBytes: {ListMaxBytes} must be positive");
        }
    }

    public string ResolveTokenFile() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(TokenFile) ? Path.Combine(StateDir, "registry.token") : TokenFile);
}
