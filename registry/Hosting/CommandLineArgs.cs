using GatewayMesh.Core.Blocks.Redis;

namespace GatewayMesh.Registry.Hosting;

/// <summary>Maps the registry's command-line switches onto the <c>Registry</c> configuration section.</summary>
internal static class CommandLineArgs
{
    public static IDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(RedisSwitches.SwitchMappings("Registry"), StringComparer.OrdinalIgnoreCase)
    {
        ["--token-file"] = "Registry:TokenFile",
        ["--state-dir"] = "Registry:StateDir",
        ["--in-memory"] = "Registry:InMemory",
        ["--leader-lease"] = "Registry:LeaderLease",
        ["--write-timeout"] = "Registry:WriteTimeout",
        ["--jwks-ca-file"] = "Registry:JwksCaFile",
        ["--jwks-refresh"] = "Registry:JwksRefresh",
        ["--jwks-retry"] = "Registry:JwksRetry",
        ["--auto-registration-grace"] = "Registry:AutoRegistrationGrace",
    }.Concat(Kubernetes.Hosting.KubernetesSwitches.Mappings).ToDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly string[] Flags = ["--in-memory", .. Kubernetes.Hosting.KubernetesSwitches.Flags];

    /// <summary>
    /// Turns a bare flag (<c>--in-memory</c>) into <c>--in-memory=true</c>; the configuration provider would otherwise
    /// take the next argument as its value.
    /// </summary>
    public static string[] Normalize(IReadOnlyList<string> args)
    {
        var result = new List<string>(args.Count);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var isFlag = Flags.Contains(arg, StringComparer.OrdinalIgnoreCase);
            var next = i + 1 < args.Count ? args[i + 1] : null;
            if (isFlag && !bool.TryParse(next, out _))
            {
                result.Add(arg + "=true");
                continue;
            }

            result.Add(arg);
        }

        return [.. result];
    }
}
