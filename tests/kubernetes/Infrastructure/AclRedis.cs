using System.Text;
using k8s;

namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port that loads the ACL file the registry put into the Secret
/// gatewaymesh-redis-acl, as the chart's Redis pod mounts it.
/// </summary>
public sealed class AclRedis : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gm-kube-redis-").FullName;
    private ChildProcess? _process;

    public int Port { get; } = FreePort.Next();

    public string Address => $"127.0.0.1:{Port}";

    public async Task StartAsync(IKubernetes client, string ns, string secret)
    {
        var acl = (await client.CoreV1.ReadNamespacedSecretAsync(secret, ns)).Data["users.acl"];
        var aclFile = Path.Combine(_directory, "users.acl");
        await File.WriteAllTextAsync(aclFile, Encoding.UTF8.GetString(acl));
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = ChildProcess.Start(IntegrationTests.Infrastructure.RedisServer.FindExecutable(),
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory, "--aclfile", aclFile],
            onLine: line =>
            {
                if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
                {
                    ready.TrySetResult();
                }
            });
        await ready.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }
}
