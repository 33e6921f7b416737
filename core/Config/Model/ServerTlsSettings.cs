using System.Text.Json.Serialization;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Core.Config.Model;

/// <summary>Istio's <c>ServerTLSSettings</c>: how a gateway server terminates, passes through or redirects TLS.</summary>
public sealed record ServerTlsSettings
{
    public bool? HttpsRedirect { get; init; }

    public ServerTlsMode? Mode { get; init; }

    public string? ServerCertificate { get; init; }

    public string? PrivateKey { get; init; }

    public string? CaCertificates { get; init; }

    public string? CaCrl { get; init; }

    public string? CredentialName { get; init; }

    public ValueList<string> CredentialNames { get; init; }

    public string? CaCertCredentialName { get; init; }

    public ValueList<TlsCertificate> TlsCertificates { get; init; }

    public ValueList<string> SubjectAltNames { get; init; }

    public ValueList<string> VerifyCertificateSpki { get; init; }

    public ValueList<string> VerifyCertificateHash { get; init; }

    public TlsProtocol? MinProtocolVersion { get; init; }

    public TlsProtocol? MaxProtocolVersion { get; init; }

    public ValueList<string> CipherSuites { get; init; }

    public bool? InsecureSkipVerify { get; init; }
}

/// <summary>Istio's <c>ServerTLSSettings.TLSCertificate</c>: one certificate/key pair a server may present.</summary>
public sealed record TlsCertificate
{
    public string? ServerCertificate { get; init; }

    public string? PrivateKey { get; init; }

    public string? CaCertificates { get; init; }
}

/// <summary>Istio's <c>ServerTLSSettings.TLSmode</c>.</summary>
[JsonConverter(typeof(MeshEnumConverter<ServerTlsMode>))]
public enum ServerTlsMode
{
    Passthrough = 0,
    Simple = 1,
    Mutual = 2,
    AutoPassthrough = 3,
    IstioMutual = 4,
    OptionalMutual = 5,
}

/// <summary>Istio's <c>ServerTLSSettings.TLSProtocol</c>: TLS protocol versions.</summary>
[JsonConverter(typeof(MeshEnumConverter<TlsProtocol>))]
public enum TlsProtocol
{
    TlsAuto = 0,
    Tlsv1_0 = 1,
    Tlsv1_1 = 2,
    Tlsv1_2 = 3,
    Tlsv1_3 = 4,
}
