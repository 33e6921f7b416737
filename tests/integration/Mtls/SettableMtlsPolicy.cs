using GatewayMesh.Core.Config.Model;
using GatewayMesh.Proxy.Identity;

namespace GatewayMesh.IntegrationTests.Mtls;

/// <summary>An inbound mTLS policy a test sets directly; <see cref="AskedPorts"/> records which ports were asked about.</summary>
public sealed class SettableMtlsPolicy(MutualTlsMode mode) : IInboundMtlsPolicy
{
    public MutualTlsMode Mode { get; set; } = mode;

    public System.Collections.Concurrent.ConcurrentBag<int> AskedPorts { get; } = [];

    public MutualTlsMode ModeFor(int localPort, int? dialledPort)
    {
        AskedPorts.Add(localPort);
        return Mode;
    }
}
