using System.Security.Cryptography;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Security.Transport;
using GatewayMesh.Sidecar.Settings;

namespace GatewayMesh.Sidecar.Registration;

/// <summary>
/// The instance a sidecar registers for its workload: address 127.0.0.1 and the sidecar's INBOUND port, because
/// traffic to a workload always goes through its sidecar; labels app and version plus the extra ones, and the mesh
/// mTLS label when the sidecar has a certificate, and the topology labels of its <c>--locality</c>.
/// </summary>
internal static class InstanceFactory
{
    /// <param name="hasCertificate">
    /// True when the sidecar has a workload certificate source: the instance then carries
    /// <c>security.istio.io/tlsMode: istio</c>, which tells callers' proxies to reach it over mTLS (auto-mTLS).
    /// </param>
    public static ServiceInstance Create(SidecarOptions options, string instanceId, int inboundPort, bool hasCertificate = false) => new()
    {
        Service = options.Service,
        Namespace = options.Namespace,
        InstanceId = instanceId,
        Address = "127.0.0.1",
        Port = inboundPort,
        Labels = WithLocality(hasCertificate ? WithMeshTls(options.ParseLabels()) : options.ParseLabels(), options),
        ServiceAccount = options.EffectiveServiceAccount,
        Health = InstanceHealth.Healthy,
    };

    private static ValueMap<string, string> WithMeshTls(ValueMap<string, string> labels)
    {
        var withTls = new Dictionary<string, string>(labels, StringComparer.Ordinal)
        {
            [UpstreamTransports.TlsModeLabel] = UpstreamTransports.TlsModeIstio,
        };
        return withTls.ToValueMap();
    }

    /// <summary>With <c>--locality</c>, its topology labels (replacing any given): how other proxies learn where this instance runs.</summary>
    private static ValueMap<string, string> WithLocality(ValueMap<string, string> labels, SidecarOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Locality))
        {
            return labels;
        }

        var located = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        located.Remove(Locality.IstioLocalityLabel);
        foreach (var (name, value) in Locality.Parse(options.Locality).Labels())
        {
            located[name] = value;
        }

        return located.ToValueMap();
    }

    /// <summary><c>--instance-id</c>, else <c>&lt;service&gt;-&lt;version&gt;-&lt;8 random hex digits&gt;</c>.</summary>
    public static string InstanceId(SidecarOptions options) =>
        string.IsNullOrWhiteSpace(options.InstanceId)
            ? $"{options.Service}-{options.Version}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"
            : options.InstanceId.Trim();
}
