namespace GatewayMesh.Sidecar.Settings;

/// <summary>What the outbound listener does with a host that is not in the mesh (Istio's outboundTrafficPolicy.mode).</summary>
public enum OutboundPolicy
{
    /// <summary>Pass the request through to the host it names.</summary>
    AllowAny,

    /// <summary>Refuse it with 502 "destination not in the mesh registry".</summary>
    RegistryOnly,
}
