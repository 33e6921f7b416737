using System.Security.Cryptography;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Sidecar.Hosting;

namespace GatewayMesh.Sidecar.Registration;

/// <summary>
/// The instance a sidecar registers for its workload: address 127.0.0.1 and the sidecar's INBOUND port, because
/// traffic to a workload always goes through its sidecar; labels app and version plus the extra ones.
/// </summary>
internal static class InstanceFactory
{
    public static ServiceInstance Create(SidecarOptions options, string instanceId, int inboundPort) => new()
    {
        Service = options.Service,
        Namespace = options.Namespace,
        InstanceId = instanceId,
        Address = "127.0.0.1",
        Port = inboundPort,
        Labels = options.ParseLabels(),
        ServiceAccount = options.EffectiveServiceAccount,
        Health = InstanceHealth.Healthy,
    };

    /// <summary><c>--instance-id</c>, else <c>&lt;service&gt;-&lt;version&gt;-&lt;8 random hex digits&gt;</c>.</summary>
    public static string InstanceId(SidecarOptions options) =>
        string.IsNullOrWhiteSpace(options.InstanceId)
            ? $"{options.Service}-{options.Version}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"
            : options.InstanceId.Trim();
}
