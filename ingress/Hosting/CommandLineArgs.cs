using GatewayMesh.Core.Blocks.Redis;

namespace GatewayMesh.Ingress.Hosting;

/// <summary>Maps the ingress's command-line switches onto the <c>Ingress</c> configuration section.</summary>
internal static class CommandLineArgs
{
    public static IDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(RedisSwitches.SwitchMappings("Ingress"), StringComparer.OrdinalIgnoreCase)
    {
        ["--http-port"] = "Ingress:HttpPort",
        ["--https-port"] = "Ingress:HttpsPort",
        ["--https-redirect-port"] = "Ingress:HttpsRedirectPort",
        ["--credentials-dir"] = "Ingress:CredentialsDir",
        ["--admin-port"] = "Ingress:AdminPort",
        ["--bind"] = "Ingress:Bind",
        ["--snapshot-file"] = "Ingress:SnapshotFile",
        ["--state-dir"] = "Ingress:StateDir",
        ["--labels"] = "Ingress:Labels",
        ["--namespace"] = "Ingress:Namespace",
        ["--service-account"] = "Ingress:ServiceAccount",
        ["--ca-address"] = "Ingress:CaAddress",
        ["--ca-root-file"] = "Ingress:CaRootFile",
        ["--ca-token-file"] = "Ingress:CaTokenFile",
        ["--cert-ttl"] = "Ingress:CertTtl",
        ["--root-namespace"] = "Ingress:RootNamespace",
        ["--trust-domain"] = "Ingress:TrustDomain",
    };
}
