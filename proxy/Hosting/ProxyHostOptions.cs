using System.Net;
using GatewayMesh.Core.Blocks.Redis;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Hosting;
using GatewayMesh.Core.Identity;
using GatewayMesh.Proxy.Identity;

namespace GatewayMesh.Proxy.Hosting;

/// <summary>
/// The settings every proxy has, whatever its role: where the mesh state is (Redis, read-only), where the last good
/// snapshot is kept, who the proxy is (namespace, service account, trust domain), where its certificate comes from
/// (the CA switches) and the admin listener. <c>IngressOptions</c> and <c>SidecarOptions</c> add their role's own.
/// Bound from the role's configuration section; <see cref="Switches"/> are the command-line names.
/// </summary>
public abstract class ProxyHostOptions : IValidatedSettings
{
    /// <summary>The command-line switches of these settings (mapped onto the role's section by <see cref="ProxyHost"/>).</summary>
    public static readonly IReadOnlyList<string> Switches =
    [
        .. RedisSwitches.Names, "snapshot-file", "state-dir", "namespace", "service-account", "bind", "admin-port",
        "ca-address", "ca-root-file", "ca-token-file", "cert-ttl", "root-namespace", "trust-domain", "locality",
    ];

    /// <summary>
    /// Where the mesh state is: <c>--redis</c> (read-only access is enough), the login, and the Sentinel, Cluster and
    /// TLS switches every component shares. Bound from the role's
    /// section by <see cref="ProxyHost.CreateBuilder{TOptions}"/>.
    /// </summary>
    public RedisSwitches RedisSwitches { get; } = new();

    /// <summary>
    /// Where the last good snapshot is kept, so a restart while Redis is down still routes; default
    /// <c>&lt;state dir&gt;/snapshot.json</c>.
    /// </summary>
    public string? SnapshotFile { get; set; }

    /// <summary>
    /// The proxy's own folder (<c>--state-dir</c>; an emptyDir on Kubernetes), holding its last good snapshot. Default
    /// <c>.gatewaymesh/&lt;role&gt;</c> under the working directory (<see cref="DefaultStateDirName"/>).
    /// </summary>
    public string? StateDir { get; set; }

    /// <summary>The snapshot file in use: always set, so every proxy survives a restart while Redis is down.</summary>
    public string EffectiveSnapshotFile => Path.GetFullPath(
        !string.IsNullOrWhiteSpace(SnapshotFile) ? SnapshotFile
        : Path.Combine(string.IsNullOrWhiteSpace(StateDir) ? Path.Combine(".gatewaymesh", DefaultStateDirName) : StateDir, "snapshot.json"));

    public string Namespace { get; set; } = "default";

    /// <summary>
    /// Where this proxy runs, <c>region/zone/subzone</c> (<c>--locality</c>, or the role section's <c>LOCALITY</c>
    /// variable), for locality load balancing; unset, the topology labels of its workload labels say (else unknown).
    /// A sidecar registers its instance with the matching topology labels.
    /// </summary>
    public string? Locality { get; set; }

    /// <summary><see cref="Locality"/> when set, else the locality <paramref name="labels"/> carry.</summary>
    public Locality ProxyLocality(ValueMap<string, string> labels) =>
        string.IsNullOrWhiteSpace(Locality) ? Core.Config.Model.Locality.FromLabels(labels) : Core.Config.Model.Locality.Parse(Locality);

    /// <summary>The service account in this proxy's SPIFFE ID; see <see cref="EffectiveServiceAccount"/>.</summary>
    public string? ServiceAccount { get; set; }

    /// <summary>
    /// The address the listeners that others reach bind (<c>--bind</c>, default 127.0.0.1): the ingress's HTTP, HTTPS and
    /// admin listeners; the sidecar's inbound and admin listeners (its outbound and Dapr listeners stay on loopback).
    /// A pod passes 0.0.0.0; the admin listener then answers only health and metrics to callers that are not on
    /// loopback (<c>ProxyAdminEndpoints</c>).
    /// </summary>
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>The admin listener (health, debug); 0 picks a free port.</summary>
    public int AdminPort { get; set; }

    /// <summary>The CA's HTTPS address; without it the proxy gets no workload certificate (mesh mTLS off for it).</summary>
    public string? CaAddress { get; set; }

    /// <summary>PEM root(s) the CA's server certificate is verified against.</summary>
    public string? CaRootFile { get; set; }

    /// <summary>Owner-only file holding this proxy's one-use bootstrap token.</summary>
    public string? CaTokenFile { get; set; }

    /// <summary>The workload certificate's lifetime to ask for (<c>1h</c>, <c>20s</c>); default the CA's (1 h).</summary>
    public string? CertTtl { get; set; }

    /// <summary>The mesh's root namespace (<c>--root-namespace</c>): its policies without a selector apply mesh-wide.</summary>
    public string RootNamespace { get; set; } = "istio-system";

    /// <summary>The trust domain of this proxy's SPIFFE ID and of those it expects from its mTLS peers (<c>--trust-domain</c>).</summary>
    public string TrustDomain { get; set; } = SpiffeId.DefaultTrustDomain;

    public WorkloadIdentitySwitches IdentitySwitches => new(CaAddress, CaRootFile, CaTokenFile, TrustDomain, CertTtl);

    /// <summary>The service account this proxy's identity names: <see cref="ServiceAccount"/>, else the role's default.</summary>
    public virtual string EffectiveServiceAccount => ServiceAccount ?? "default";

    /// <summary>The role's configuration section (<c>Ingress</c>, <c>Sidecar</c>): errors name its environment variables.</summary>
    protected abstract string SectionName { get; }

    /// <summary>The client name this proxy gives Redis (<c>gatewaymesh-ingress</c>).</summary>
    protected abstract string ClientName { get; }

    /// <summary>The state folder's name under <c>.gatewaymesh/</c> when <see cref="StateDir"/> is not set.</summary>
    protected abstract string DefaultStateDirName { get; }

    /// <summary>This proxy's SPIFFE ID.</summary>
    public SpiffeId Identity() => IdentitySwitches.Identity(Namespace, EffectiveServiceAccount);

    /// <summary>The Redis component's options; fails naming the switch when no Redis is set. Proxies only ever read.</summary>
    public RedisMeshStateOptions ToRedisOptions() =>
        string.IsNullOrWhiteSpace(RedisSwitches.Redis)
            ? throw new InvalidOperationException($"Set --redis host:port (or GATEWAYMESH_{SectionName.ToUpperInvariant()}__REDIS).")
            : RedisMeshStateOptionsFactory.FromSwitches(RedisSwitches, ClientName);

    /// <summary>The <c>--bind</c> address; fails naming the switch when it is not an IP address.</summary>
    public IPAddress ParseBind() =>
        IPAddress.TryParse(Bind.Trim(), out var address)
            ? address
            : throw new InvalidOperationException($"--bind: '{Bind}' is not an IP address (e.g. 127.0.0.1, or 0.0.0.0 in a pod)");

    /// <summary>
    /// Fails at start with an <see cref="InvalidSettingsException"/> naming every bad setting at once (the role's
    /// section, e.g. <c>ingress</c>, names the component).
    /// </summary>
    public void Validate() => SettingsProblems.ThrowIfInvalid(SectionName.ToLowerInvariant(), this);

    /// <summary>Adds a problem for every bad shared setting, each naming its switch; roles add their own checks.</summary>
    public virtual void Validate(SettingsProblems problems)
    {
        if (string.IsNullOrWhiteSpace(RedisSwitches.Redis))
        {
            problems.Add($"--redis: required, host:port (or GATEWAYMESH_{SectionName.ToUpperInvariant()}__REDIS)");
        }

        var trustDomainValid = SpiffeId.TryParse($"spiffe://{TrustDomain}/ns/x/sa/x", out _);
        if (!trustDomainValid)
        {
            problems.Add($"--trust-domain: '{TrustDomain}' is not a trust domain (letters, digits, '.', '-', '_')");
        }

        if (!string.IsNullOrWhiteSpace(Locality) && (Locality.Split('/').Length > 3 || Locality.Split('/').Any(p => p.Trim().Length == 0) || Locality.Contains('*', StringComparison.Ordinal)))
        {
            problems.Add($"--locality: '{Locality}' is not region, region/zone or region/zone/subzone (no empty part, no '*')");
        }

        problems.Port("--admin-port", AdminPort);
        problems.Try(ParseBind);
        problems.Try(IdentitySwitches.ToAgentOptions);
        if (trustDomainValid && !string.IsNullOrWhiteSpace(EffectiveServiceAccount))
        {
            problems.Try(Identity);
        }
    }
}
