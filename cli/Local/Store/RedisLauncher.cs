
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Store;

/// <summary>
/// The mesh's private Redis: <c>redis-server</c> on 127.0.0.1, persistent (append-only file under
/// <c>&lt;state&gt;/redis</c>, so configs survive <c>down</c>/<c>up</c>), users from <see cref="RedisAcl"/>, not daemonized
/// (meshctl supervises it). Installs the Debian package when redis-server is missing and that is possible.
/// </summary>
internal sealed class RedisLauncher(MeshPaths paths, CliEnvironment environment, Progress progress)
{
    public const int DefaultPort = 16379;
    public const string Name = "redis";
    private const string Package = "redis-server";

    public string AclFile => Path.Combine(paths.RedisDataDir, "users.acl");

    public async Task<string> FindOrInstallAsync(CancellationToken cancellationToken)
    {
        if (ExecutableFinder.Find("redis-server", environment) is { } found)
        {
            return found;
        }

        var installer = new PackageInstaller(environment, progress);
        if (!installer.CanInstall(out var reason))
        {
            throw new CliException(
                $"redis-server is not installed, and meshctl cannot install it: {reason}",
                [
                    "install it, e.g. on Debian or Ubuntu: sudo apt-get install -y redis-server",
                    "or use a running Redis: ./meshctl up --redis HOST:PORT (or set MESHCTL_REDIS)",
                ]);
        }

        await installer.InstallAsync(Package, cancellationToken);
        return ExecutableFinder.Find("redis-server", environment)
            ?? throw new CliException("redis-server is still missing after installing the Debian package redis-server");
    }

    public ProcessSpec CreateSpec(string executable, int port, RedisUser probeUser)
    {
        OwnerOnly.CreateDirectory(paths.RedisDataDir);
        return new ProcessSpec
        {
            Name = Name,
            Executable = executable,
            Arguments =
            [
                "--bind", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--daemonize", "no", "--dir", paths.RedisDataDir,
                "--appendonly", "yes", "--save", "",
                "--aclfile", AclFile,
                // Dapr's configuration.redis subscribes to key-space notifications (K) of string and generic commands.
                "--notify-keyspace-events", "K$g",
            ],
            WorkingDirectory = paths.RedisDataDir,
            Address = $"127.0.0.1:{port}",
            Ports = new Dictionary<string, int> { ["redis"] = port },
            CheckReadiness = ct => RedisPing.CheckAsync(port, probeUser, ct),
            ReadyTimeout = TimeSpan.FromSeconds(30),
        };
    }
}
