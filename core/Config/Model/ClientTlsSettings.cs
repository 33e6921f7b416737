using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>ClientTLSSettings</c>: how the proxy originates TLS to an upstream.</summary>
public sealed record ClientTlsSettings
{
    public ClientTlsMode? Mode { get; init; }

    public string? ClientCertificate { get; init; }

    public string? PrivateKey { get; init; }

    public string? CaCertificates { get; init; }

    public string? CredentialName { get; init; }

    public ValueList<string> SubjectAltNames { get; init; }

    public string? Sni { get; init; }

    public bool? InsecureSkipVerify { get; init; }

    public string? CaCrl { get; init; }
}

/// <summary>Istio's <c>ClientTLSSettings.TLSmode</c>.</summary>
[JsonConverter(typeof(MeshEnumConverter<ClientTlsMode>))]
public enum ClientTlsMode
{
    Disable = 0,
    Simple = 1,
    Mutual = 2,
    IstioMutual = 3,
}
