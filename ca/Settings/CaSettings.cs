using System.Net;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Hosting;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Ca.Settings;

/// <summary>The CA's checked settings: <see cref="CaOptions"/> with durations parsed and every value in range.</summary>
public sealed record CaSettings(
    string Dir,
    string? PluginCerts,
    string TrustDomain,
    IPAddress ListenAddress,
    int Port,
    TimeSpan DefaultTtl,
    TimeSpan MaxTtl,
    double RatePerMinute,
    int RateBurst,
    int MaxTrackedTokens,
    TimeSpan ReloadInterval,
    TimeSpan ServingCertificateLifetime,
    IReadOnlyList<string>? ServingDnsNames = null,
    DnsNameGrants? DnsSanGrants = null)
{
    /// <summary>No workload certificate lives longer than this, whatever <c>--max-ttl</c> says.</summary>
    public static readonly TimeSpan TtlCeiling = TimeSpan.FromHours(24);

    /// <summary>Checks every option and throws one <see cref="InvalidSettingsException"/> listing each bad switch.</summary>
    public static CaSettings From(CaOptions options)
    {
        var problems = new SettingsProblems();
        var settings = From(options, problems);
        problems.ThrowIfAny("ca");
        return settings!;
    }

    /// <summary>The checked settings, or null after adding a problem for every bad switch to <paramref name="problems"/>.</summary>
    public static CaSettings? From(CaOptions options, SettingsProblems problems)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Dir))
        {
            errors.Add("--dir is required: the CA's folder for its root, token-signing key and audit log");
        }

        if (!SpiffeId.TryParse($"spiffe://{options.TrustDomain}/ns/a/sa/b", out _))
        {
            errors.Add($"--trust-domain '{options.TrustDomain}' is not a valid trust domain (letters, digits, '.', '-', '_')");
        }

        if (!IPAddress.TryParse(options.ListenAddress, out var address))
        {
            errors.Add($"--listen-address '{options.ListenAddress}' is not an IP address");
        }

        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"--port {options.Port} is out of range 0-65535");
        }

        var maxTtl = Duration(options.MaxTtl, "--max-ttl", TimeSpan.FromSeconds(1), TtlCeiling, errors);
        var defaultTtl = Duration(options.DefaultTtl, "--default-ttl", TimeSpan.FromSeconds(1), maxTtl > TimeSpan.Zero ? maxTtl : TtlCeiling, errors);
        var reload = Duration(options.ReloadInterval, "--reload-interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1), errors);
        var serving = Duration(options.ServingCertificateLifetime, "--serving-cert-lifetime", TimeSpan.FromMinutes(2), TimeSpan.FromDays(30), errors);
        if (options.RatePerMinute <= 0 || double.IsNaN(options.RatePerMinute) || double.IsInfinity(options.RatePerMinute))
        {
            errors.Add($"--rate-per-minute {options.RatePerMinute} must be a positive number");
        }

        if (options.RateBurst < 1)
        {
            errors.Add($"--rate-burst {options.RateBurst} must be at least 1");
        }

        if (options.MaxTrackedTokens < 1)
        {
            errors.Add($"--max-tracked-tokens {options.MaxTrackedTokens} must be at least 1");
        }

        var grants = problems.Try(() => DnsNameGrants.Parse(options.DnsSanGrants));
        foreach (var error in errors)
        {
            problems.Add(error);
        }

        if (problems.All.Count > 0)
        {
            return null;
        }

        return new CaSettings(
            Path.GetFullPath(options.Dir!),
            string.IsNullOrWhiteSpace(options.PluginCerts) ? null : Path.GetFullPath(options.PluginCerts),
            options.TrustDomain,
            address!,
            options.Port,
            defaultTtl,
            maxTtl,
            options.RatePerMinute,
            options.RateBurst,
            options.MaxTrackedTokens,
            reload,
            serving,
            (options.ServingDnsNames ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            grants);
    }

    private static TimeSpan Duration(string text, string name, TimeSpan min, TimeSpan max, List<string> errors)
    {
        if (!MeshDuration.TryParse(text, out var duration, out var error))
        {
            errors.Add($"{name}: {error}");
            return TimeSpan.Zero;
        }

        if (duration.Value < min || duration.Value > max)
        {
            errors.Add($"{name} {text} must be between {MeshDuration.FromTimeSpan(min).Text} and {MeshDuration.FromTimeSpan(max).Text}");
            return TimeSpan.Zero;
        }

        return duration.Value;
    }
}
