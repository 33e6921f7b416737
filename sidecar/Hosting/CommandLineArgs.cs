namespace GatewayMesh.Sidecar.Hosting;

/// <summary>Maps the sidecar's command-line switches onto the <c>Sidecar</c> configuration section.</summary>
internal static class CommandLineArgs
{
    public static IDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--service"] = "Sidecar:Service",
        ["--namespace"] = "Sidecar:Namespace",
        ["--version"] = "Sidecar:Version",
        ["--instance-id"] = "Sidecar:InstanceId",
        ["--service-account"] = "Sidecar:ServiceAccount",
        ["--inbound-port"] = "Sidecar:InboundPort",
        ["--outbound-port"] = "Sidecar:OutboundPort",
        ["--admin-port"] = "Sidecar:AdminPort",
        ["--app-port"] = "Sidecar:AppPort",
        ["--app-command"] = "Sidecar:AppCommand",
        ["--outbound-policy"] = "Sidecar:OutboundPolicy",
        ["--app-protocol"] = "Sidecar:AppProtocol",
        ["--max-tunnels"] = "Sidecar:MaxTunnels",
        ["--tunnel-idle-timeout"] = "Sidecar:TunnelIdleTimeout",
        ["--tunnel-head-timeout"] = "Sidecar:TunnelHeadTimeout",
        ["--registry"] = "Sidecar:Registry",
        ["--registry-token-file"] = "Sidecar:RegistryTokenFile",
        ["--lease-ttl"] = "Sidecar:LeaseTtl",
        ["--redis"] = "Sidecar:Redis",
        ["--redis-user"] = "Sidecar:RedisUser",
        ["--redis-password-file"] = "Sidecar:RedisPasswordFile",
        ["--key-prefix"] = "Sidecar:KeyPrefix",
        ["--snapshot-file"] = "Sidecar:SnapshotFile",
        ["--ca-address"] = "Sidecar:CaAddress",
        ["--ca-root-file"] = "Sidecar:CaRootFile",
        ["--ca-token-file"] = "Sidecar:CaTokenFile",
        ["--cert-ttl"] = "Sidecar:CertTtl",
        ["--root-namespace"] = "Sidecar:RootNamespace",
        ["--trust-domain"] = "Sidecar:TrustDomain",
        // The Dapr API (sidecar/Dapr)
        ["--app-id"] = "Dapr:AppId",
        ["--dapr-http-port"] = "Dapr:HttpPort",
        ["--dapr-grpc-port"] = "Dapr:GrpcPort",
        ["--dapr-api-token-file"] = "Dapr:ApiTokenFile",
        ["--app-api-token-file"] = "Dapr:AppApiTokenFile",
        ["--dapr-resources-path"] = "Dapr:ResourcesPath",
        ["--dapr-secrets-dir"] = "Dapr:SecretsDir",
    };

    /// <summary>
    /// Pulls every <c>--label k=v</c> out of <paramref name="args"/> (the switch may repeat, which the configuration
    /// binder cannot express) and returns the rest unchanged.
    /// </summary>
    public static (string[] Remaining, List<string> Labels) ExtractLabels(string[] args)
    {
        var rest = new List<string>(args.Length);
        var labels = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--label" && i + 1 < args.Length)
            {
                labels.Add(args[++i]);
            }
            else if (args[i].StartsWith("--label=", StringComparison.Ordinal))
            {
                labels.Add(args[i]["--label=".Length..]);
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return ([.. rest], labels);
    }
}
