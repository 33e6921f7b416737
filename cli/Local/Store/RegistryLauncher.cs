using System.Globalization;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;

namespace GatewayMesh.Cli.Local.Store;

/// <summary>The registry process: <c>dotnet gatewaymesh-registry.dll</c> on 127.0.0.1, ready once <c>/healthz/ready</c> answers 200.</summary>
internal sealed class RegistryLauncher(MeshPaths paths)
{
    public const int DefaultPort = 15080;
    public const string Name = "registry";

    public static string Url(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    /// <param name="redisUser">The Redis user to connect as, or null for an external Redis without credentials.</param>
    public ProcessSpec CreateSpec(string dotnet, string registryDll, int port, string redisEndpoint, RedisUser? redisUser)
    {
        OwnerOnly.CreateDirectory(paths.RegistryStateDir);
        var url = Url(port);
        List<string> arguments =
        [
            registryDll,
            "--urls", url,
            "--redis", redisEndpoint,
            "--token-file", paths.RegistryTokenFile,
            "--state-dir", paths.RegistryStateDir,
            // WorkloadGroup auto-registration checks a joining proxy's certificate against the local CA's bundle
            // (read at each registration, so it may appear after the registry starts).
            "--ca-root-file", Certificates.CaLauncher.TrustBundleFile(Certificates.CaLauncher.DefaultDir(paths)),
        ];
        if (redisUser is not null)
        {
            arguments.AddRange(["--redis-user", redisUser.Name, "--redis-password-file", redisUser.PasswordFile]);
        }

        return new ProcessSpec
        {
            Name = Name,
            Executable = dotnet,
            Arguments = arguments,
            WorkingDirectory = paths.RegistryStateDir,
            Address = url,
            Ports = new Dictionary<string, int> { ["http"] = port },
            CheckReadiness = ct => RegistryProbe.ReadinessAsync(url, ct),
            ReadyTimeout = TimeSpan.FromSeconds(90),
        };
    }
}
