using System.Text.Json;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;
using Xunit;

namespace GatewayMesh.UnitTests.Model;

public class ModelEnumJsonTests
{
    /// <summary>Every enum member of the model with the exact string Istio uses for it.</summary>
    private static readonly (Enum Value, string Istio)[] IstioNames =
    [
        (ServerTlsMode.Passthrough, "PASSTHROUGH"),
        (ServerTlsMode.Simple, "SIMPLE"),
        (ServerTlsMode.Mutual, "MUTUAL"),
        (ServerTlsMode.AutoPassthrough, "AUTO_PASSTHROUGH"),
        (ServerTlsMode.IstioMutual, "ISTIO_MUTUAL"),
        (ServerTlsMode.OptionalMutual, "OPTIONAL_MUTUAL"),
        (TlsProtocol.TlsAuto, "TLS_AUTO"),
        (TlsProtocol.Tlsv1_0, "TLSV1_0"),
        (TlsProtocol.Tlsv1_1, "TLSV1_1"),
        (TlsProtocol.Tlsv1_2, "TLSV1_2"),
        (TlsProtocol.Tlsv1_3, "TLSV1_3"),
        (RedirectPortSelection.FromProtocolDefault, "FROM_PROTOCOL_DEFAULT"),
        (RedirectPortSelection.FromRequestPort, "FROM_REQUEST_PORT"),
        (UnmatchedPreflights.Unspecified, "UNSPECIFIED"),
        (UnmatchedPreflights.Forward, "FORWARD"),
        (UnmatchedPreflights.Ignore, "IGNORE"),
        (SimpleLB.Unspecified, "UNSPECIFIED"),
        (SimpleLB.LeastConn, "LEAST_CONN"),
        (SimpleLB.Random, "RANDOM"),
        (SimpleLB.Passthrough, "PASSTHROUGH"),
        (SimpleLB.RoundRobin, "ROUND_ROBIN"),
        (SimpleLB.LeastRequest, "LEAST_REQUEST"),
        (H2UpgradePolicy.Default, "DEFAULT"),
        (H2UpgradePolicy.DoNotUpgrade, "DO_NOT_UPGRADE"),
        (H2UpgradePolicy.Upgrade, "UPGRADE"),
        (ClientTlsMode.Disable, "DISABLE"),
        (ClientTlsMode.Simple, "SIMPLE"),
        (ClientTlsMode.Mutual, "MUTUAL"),
        (ClientTlsMode.IstioMutual, "ISTIO_MUTUAL"),
        (ProxyProtocolVersion.V1, "V1"),
        (ProxyProtocolVersion.V2, "V2"),
        (ServiceEntryLocation.MeshExternal, "MESH_EXTERNAL"),
        (ServiceEntryLocation.MeshInternal, "MESH_INTERNAL"),
        (ServiceEntryResolution.None, "NONE"),
        (ServiceEntryResolution.Static, "STATIC"),
        (ServiceEntryResolution.Dns, "DNS"),
        (ServiceEntryResolution.DnsRoundRobin, "DNS_ROUND_ROBIN"),
        (ServiceEntryResolution.DynamicDns, "DYNAMIC_DNS"),
        (MutualTlsMode.Unset, "UNSET"),
        (MutualTlsMode.Disable, "DISABLE"),
        (MutualTlsMode.Permissive, "PERMISSIVE"),
        (MutualTlsMode.Strict, "STRICT"),
        (AuthorizationAction.Allow, "ALLOW"),
        (AuthorizationAction.Deny, "DENY"),
        (AuthorizationAction.Audit, "AUDIT"),
        (AuthorizationAction.Custom, "CUSTOM"),
        (WorkloadMode.ClientAndServer, "CLIENT_AND_SERVER"),
        (WorkloadMode.Client, "CLIENT"),
        (WorkloadMode.Server, "SERVER"),
        (IstioMetric.AllMetrics, "ALL_METRICS"),
        (IstioMetric.RequestCount, "REQUEST_COUNT"),
        (IstioMetric.RequestDuration, "REQUEST_DURATION"),
        (IstioMetric.RequestSize, "REQUEST_SIZE"),
        (IstioMetric.ResponseSize, "RESPONSE_SIZE"),
        (IstioMetric.TcpOpenedConnections, "TCP_OPENED_CONNECTIONS"),
        (IstioMetric.TcpClosedConnections, "TCP_CLOSED_CONNECTIONS"),
        (IstioMetric.TcpSentBytes, "TCP_SENT_BYTES"),
        (IstioMetric.TcpReceivedBytes, "TCP_RECEIVED_BYTES"),
        (IstioMetric.GrpcRequestMessages, "GRPC_REQUEST_MESSAGES"),
        (IstioMetric.GrpcResponseMessages, "GRPC_RESPONSE_MESSAGES"),
        (TagOperation.Upsert, "UPSERT"),
        (TagOperation.Remove, "REMOVE"),
        // --- config fidelity (issue 12) ---
        (CaptureMode.Default, "DEFAULT"),
        (CaptureMode.Iptables, "IPTABLES"),
        (CaptureMode.None, "NONE"),
        (OutboundTrafficMode.RegistryOnly, "REGISTRY_ONLY"),
        (OutboundTrafficMode.AllowAny, "ALLOW_ANY"),
        (Core.Config.Model.Legacy.SimpleLbPolicy.RoundRobin, "ROUND_ROBIN"),
        (Core.Config.Model.Legacy.SimpleLbPolicy.LeastConn, "LEAST_CONN"),
        (Core.Config.Model.Legacy.SimpleLbPolicy.Random, "RANDOM"),
        // --- end config fidelity ---
    ];

    public static TheoryData<Enum, string> Members()
    {
        var data = new TheoryData<Enum, string>();
        foreach (var (value, istio) in IstioNames)
        {
            data.Add(value, istio);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Members))]
    public void Serialize_EnumMember_WritesIstioNameAndReadsItBack(Enum value, string istio)
    {
        var json = JsonSerializer.Serialize(value, value.GetType(), MeshJson.Options);
        var back = JsonSerializer.Deserialize(json, value.GetType(), MeshJson.Options);

        Assert.Equal($"\"{istio}\"", json);
        Assert.Equal(value, back);
    }

    [Fact]
    public void IstioNames_EveryModelEnumMember_IsListed()
    {
        var modelEnums = typeof(GatewaySpec).Assembly.GetTypes()
            .Where(t => t.IsEnum && t.Namespace == typeof(GatewaySpec).Namespace);
        var all = modelEnums.SelectMany(t => Enum.GetValues(t).Cast<Enum>()).Select(e => $"{e.GetType().Name}.{e}");
        var listed = IstioNames.Select(n => $"{n.Value.GetType().Name}.{n.Value}");

        Assert.Empty(all.Except(listed).Order());
    }

    [Fact]
    public void Deserialize_UnknownEnumString_Throws()
    {
        Assert.ThrowsAny<JsonException>(() => MeshJson.Deserialize<MutualTls>("""{"mode":"STRICTEST"}"""));
    }
}
