using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Registry.Kubernetes.Config;
using GatewayMesh.Registry.Kubernetes.Discovery;
using GatewayMesh.Registry.Kubernetes.Settings;
using GatewayMesh.Registry.Leadership;
using k8s;

namespace GatewayMesh.Registry.Kubernetes.Hosting;

/// <summary>
/// Runs the Kubernetes sync (custom resources → config store, Services/Endpoints/Pods → instances) while, and only
/// while, this replica leads; losing the lease cancels it at once, and regaining it starts over with a fresh list.
/// </summary>
internal sealed class KubernetesSyncService(
    IKubernetes client,
    ILeaderElection election,
    IConfigStore store,
    IServiceRegistry registry,
    KubernetesOptions options,
    TimeProvider time,
    ILoggerFactory loggers) : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<KubernetesSyncService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await election.WaitForLeadershipAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            using var lost = election.GetChangeToken().RegisterChangeCallback(_ => leading.Cancel(), null);
            if (!election.IsLeader)
            {
                continue;
            }

            Log.SyncStarted(_logger, election.FencingToken);
            try
            {
                var endpointsApi = await EndpointsApi.ChooseAsync(client, options.EndpointsApi, leading.Token);
                await Task.WhenAll(
                    new CustomResourceSync(client, store, time, loggers).RunAsync(leading.Token),
                    new ServiceInstanceSync(client, registry, endpointsApi, time, _logger).RunAsync(leading.Token));
            }
            catch (OperationCanceledException) when (leading.IsCancellationRequested)
            {
                // leadership lost or stopping
            }

            Log.SyncStopped(_logger);
        }
    }
}
