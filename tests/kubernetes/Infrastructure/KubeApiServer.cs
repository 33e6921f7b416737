using System.Security.Cryptography;
using k8s;

namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>
/// A real etcd and kube-apiserver (built from Debian's source package by eng/kubernetes/build-kube-apiserver.sh) on
/// free loopback ports in a temporary folder, with RBAC, a static admin token and ServiceAccount token signing (so
/// TokenRequest and TokenReview work). There is no controller-manager, scheduler or kubelet: pods stay Pending, and
/// tests create ServiceAccounts and Endpoints themselves. Service cluster IPs come from loopback (127.100.0.0/24).
/// Shared by every test of <see cref="KubeCollection"/> (through <see cref="KubeEnvironment"/>); tests isolate themselves by namespace.
/// </summary>
public sealed class KubeApiServer
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private readonly string _directory = Directory.CreateTempSubdirectory("gm-kube-").FullName;
    private ChildProcess? _etcd;
    private ChildProcess? _apiServer;
    private string[] _apiServerArguments = [];

    public int Port { get; private set; }

    public string Url => $"https://127.0.0.1:{Port}";

    /// <summary>An admin kubeconfig (static token, system:masters), for kubectl, helm and the components under test.</summary>
    public string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    public string AdminToken { get; private set; } = "";

    public IKubernetes Client { get; private set; } = null!;

    public string Logs => _apiServer?.Output ?? "";

    public async Task InitializeAsync()
    {
        PrivateNetwork.Require();
        var binary = RepositoryPaths.KubeApiServer;
        WriteCredentials();
        var etcdPort = FreePort.Next();
        var peerPort = FreePort.Next();
        Port = FreePort.Next();
        _etcd = ChildProcess.Start("etcd",
        [
            "--name", "t", "--data-dir", Path.Combine(_directory, "etcd"),
            "--listen-client-urls", $"http://127.0.0.1:{etcdPort}", "--advertise-client-urls", $"http://127.0.0.1:{etcdPort}",
            "--listen-peer-urls", $"http://127.0.0.1:{peerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}",
            "--initial-cluster", $"t=http://127.0.0.1:{peerPort}",
        ]);
        _apiServerArguments =
        [
            $"--etcd-servers=http://127.0.0.1:{etcdPort}", "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1",
            $"--secure-port={Port}", $"--cert-dir={Path.Combine(_directory, "certs")}",
            $"--token-auth-file={Path.Combine(_directory, "tokens.csv")}", "--authorization-mode=RBAC",
            "--service-account-issuer=https://kubernetes.default.svc",
            $"--service-account-key-file={Path.Combine(_directory, "sa.pub")}",
            $"--service-account-signing-key-file={Path.Combine(_directory, "sa.key")}",
            "--service-cluster-ip-range=127.100.0.0/24",
            // Pods get a projected token volume instead of a token Secret, which only the absent controller-manager makes.
            "--feature-gates=BoundServiceAccountTokenVolume=true",
        ];
        await StartApiServerAsync(binary);
        File.WriteAllText(KubeconfigPath, $"""
            apiVersion: v1
            kind: Config
            clusters: [{"{"}name: t, cluster: {"{"}server: "{Url}", insecure-skip-tls-verify: true{"}"}{"}"}]
            users: [{"{"}name: admin, user: {"{"}token: "{AdminToken}"{"}"}{"}"}]
            contexts: [{"{"}name: t, context: {"{"}cluster: t, user: admin{"}"}{"}"}]
            current-context: t
            """);
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath));
    }

    /// <summary>Stops the API server (etcd keeps running) and starts it again on the same port, as an outage would.</summary>
    public async Task RestartAsync()
    {
        await _apiServer!.DisposeAsync();
        await StartApiServerAsync(RepositoryPaths.KubeApiServer);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_apiServer is not null)
        {
            await _apiServer.DisposeAsync();
        }

        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private void WriteCredentials()
    {
        using var key = RSA.Create(2048);
        File.WriteAllText(Path.Combine(_directory, "sa.key"), key.ExportRSAPrivateKeyPem());
        File.WriteAllText(Path.Combine(_directory, "sa.pub"), key.ExportSubjectPublicKeyInfoPem());
        AdminToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        File.WriteAllText(Path.Combine(_directory, "tokens.csv"), $"{AdminToken},admin,admin-uid,system:masters\n");
    }

    private async Task StartApiServerAsync(string binary)
    {
        _apiServer = ChildProcess.Start(binary, _apiServerArguments);
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(2) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        using var deadline = new CancellationTokenSource(ReadyTimeout);
        while (true)
        {
            if (_apiServer.HasExited || _etcd!.HasExited)
            {
                throw new InvalidOperationException($"kube-apiserver or etcd exited:\n{_apiServer.Output}\n--- etcd:\n{_etcd?.Output}");
            }

            try
            {
                var body = await http.GetStringAsync($"{Url}/readyz", deadline.Token);
                if (body.StartsWith("ok", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !deadline.IsCancellationRequested)
            {
                // not listening yet
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"kube-apiserver not ready after {ReadyTimeout}:\n{_apiServer.Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
