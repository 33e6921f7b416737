using GatewayMesh.Core.Hosting;

namespace GatewayMesh.Ca.Settings;

/// <summary>
/// Settings of the CA, bound from the <c>Ca</c> configuration section (command line <c>--dir</c>, <c>--port</c>, ...,
/// or environment <c>GATEWAYMESH_CA__DIR</c>, ...). Durations use the mesh's spelling (<c>1h</c>, <c>90s</c>).
/// <see cref="CaSettings.From(CaOptions)"/> checks them and names every bad switch.
/// </summary>
public sealed class CaOptions : IValidatedSettings
{
    public const string SectionName = "Ca";

    /// <summary>The CA's folder (0700): root, token-signing key, audit log. Required.</summary>
    public string? Dir { get; set; }

    /// <summary>A folder with an operator-supplied CA (ca-cert.pem, ca-key.pem, root-cert.pem, cert-chain.pem).</summary>
    public string? PluginCerts { get; set; }

    public string TrustDomain { get; set; } = "cluster.local";

    /// <summary>Address to listen on; loopback unless the CA must be reached from elsewhere.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>HTTPS port; 0 picks a free one (printed on stdout).</summary>
    public int Port { get; set; } = 15012;

    public string DefaultTtl { get; set; } = "1h";

    public string MaxTtl { get; set; } = "24h";

    /// <summary>Issuances per identity per minute (token bucket refill).</summary>
    public double RatePerMinute { get; set; } = 10;

    /// <summary>Issuances an identity may make at once (token bucket size).</summary>
    public int RateBurst { get; set; } = 20;

    /// <summary>How many unexpired bootstrap-token ids the CA remembers; a full cache refuses new tokens.</summary>
    public int MaxTrackedTokens { get; set; } = 100_000;

    /// <summary>How often the CA re-reads its root files (picks up a root rotation).</summary>
    public string ReloadInterval { get; set; } = "5s";

    /// <summary>Lifetime of the CA's own HTTPS certificate; it is reissued at half-life.</summary>
    public string ServingCertificateLifetime { get; set; } = "24h";

    /// <summary>More DNS names for the CA's own HTTPS certificate (its Kubernetes Service's), comma-separated.</summary>
    public string? ServingDnsNames { get; set; }

    /// <summary>DNS names or IPs an identity may have in its certificate: <c>IDENTITY=name,name;IDENTITY2=name</c>.</summary>
    public string? DnsSanGrants { get; set; }

    /// <summary>Adds a problem for every bad setting (<see cref="CaSettings.From(CaOptions, SettingsProblems)"/>).</summary>
    public void Validate(SettingsProblems problems) => CaSettings.From(this, problems);
}
